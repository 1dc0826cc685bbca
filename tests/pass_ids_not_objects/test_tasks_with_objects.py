from dataclasses import dataclass

import pytest
from kombu.exceptions import EncodeError

from snippets.pass_ids_not_objects import tasks_with_objects as naive
from snippets.pass_ids_not_objects.models import Event

pytestmark = pytest.mark.django_db


def test_a_model_instance_cannot_be_sent_as_json(eager):
    eager(naive.app)
    Event.objects.create(name="DjangoCon")
    with pytest.raises(EncodeError):
        naive.on_request()
    assert Event.objects.get(name="DjangoCon").attendees_number == 0


def test_a_plain_object_cannot_be_sent_either(eager):
    @dataclass
    class Ticket:
        event_id: int

    eager(naive.app)
    with pytest.raises(EncodeError):
        naive.update_attendees.delay(Ticket(event_id=1), 9001)


def test_with_pickle_the_stale_snapshot_overwrites_newer_data(eager):
    # What turning pickle on "to make the error go away" leads to.
    eager(naive.app, accept_content=["json", "pickle"])
    event = Event.objects.create(name="DjangoCon")
    stale = Event.objects.get(id=event.id)
    Event.objects.filter(id=event.id).update(name="DjangoCon US")
    naive.update_attendees.apply_async((stale, 9001), serializer="pickle")
    event.refresh_from_db()
    assert event.attendees_number == 9001
    assert event.name == "DjangoCon"  # the rename is lost
