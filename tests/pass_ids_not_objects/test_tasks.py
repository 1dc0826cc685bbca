import pytest

from snippets.pass_ids_not_objects import tasks
from snippets.pass_ids_not_objects.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_app(eager):
    eager(tasks.app)


def test_updates_the_count():
    Event.objects.create(name="DjangoCon")
    tasks.on_request()
    assert Event.objects.get(name="DjangoCon").attendees_number == 9001


def test_keeps_a_change_made_after_the_task_was_sent():
    event = Event.objects.create(name="DjangoCon")
    stale = Event.objects.get(id=event.id)
    # Someone renames the event while the message waits in the queue.
    Event.objects.filter(id=event.id).update(name="DjangoCon US")
    tasks.update_attendees.delay(stale.id, 9001)
    event.refresh_from_db()
    assert (event.name, event.attendees_number) == ("DjangoCon US", 9001)


def test_the_message_carries_only_json():
    event = Event.objects.create(name="DjangoCon")
    result = tasks.update_attendees.delay(event.id, 9001)
    assert result.successful()
    assert tasks.app.conf.task_serializer == "json"
