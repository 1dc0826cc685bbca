from dataclasses import dataclass

import pytest
from kombu.exceptions import EncodeError

from events import tasks_with_objects as naive
from events.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def project(django_project):
    """A worker that also accepts pickle, as "to make the error go away" does."""
    django_project.worker(
        concurrency=1,
        settings={"accept_content": ["json", "pickle"]},
        # Celery refuses to run a pickle-accepting worker as root (the tests
        # may run as root in a container); one more reason not to do this.
        env={"C_FORCE_ROOT": "1"},
    )
    return django_project


def test_a_model_instance_cannot_be_sent_as_json(django_project):
    Event.objects.create(name="DjangoCon")
    with pytest.raises(EncodeError):
        naive.on_request()
    assert Event.objects.get(name="DjangoCon").attendees_number == 0


def test_a_plain_object_cannot_be_sent_either(django_project):
    @dataclass
    class Ticket:
        event_id: int

    with pytest.raises(EncodeError):
        naive.update_attendees.delay(Ticket(event_id=1), 9001)


@pytest.mark.worker
def test_with_pickle_the_worker_saves_the_stale_copy(project):
    event = Event.objects.create(name="DjangoCon")
    loaded = Event.objects.get(id=event.id)
    # The organiser renames the event after the view loaded it.
    Event.objects.filter(id=event.id).update(name="DjangoCon US")
    naive.update_attendees.apply_async((loaded, 9001), serializer="pickle").get(
        timeout=60
    )
    event.refresh_from_db()
    assert event.attendees_number == 9001
    assert event.name == "DjangoCon"  # the rename is lost
