from celery import shared_task

from .models import Event


@shared_task
def update_attendees(event_id, n):
    # Load the row when the task runs, not when it was sent.
    event = Event.objects.get(id=event_id)
    event.attendees_number = n
    event.save(update_fields=["attendees_number"])


def on_request():
    # --8<-- [start:call]
    event = Event.objects.get(name="DjangoCon")
    update_attendees.delay(event.id, 9001)
    # --8<-- [end:call]
