from celery import Celery

from .models import Event

app = Celery("events", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
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
