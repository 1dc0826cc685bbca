from celery import shared_task

from .models import Event


@shared_task
def update_attendees(event_id, n):
    # Load the row when the task runs, not when it was sent.
    try:
        event = Event.objects.get(id=event_id)
    except Event.DoesNotExist:
        return  # deleted while the task waited: there is nothing to count
    event.attendees_number = n
    event.save(update_fields=["attendees_number"])


def on_request():
    event = Event.objects.get(name="DjangoCon")
    update_attendees.delay(event.id, 9001)
