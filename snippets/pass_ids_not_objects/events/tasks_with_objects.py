from celery import shared_task

from .models import Event


@shared_task
def update_attendees(event, n):
    event.attendees_number = n
    event.save()  # writes back every field of a snapshot taken by the caller


def on_request():
    event = Event.objects.get(name="DjangoCon")
    update_attendees.delay(event, 9001)  # EncodeError: an Event is not JSON
