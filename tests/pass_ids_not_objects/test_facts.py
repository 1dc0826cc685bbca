"""What the page says about serialization, checked."""

import datetime
import decimal
import uuid

import pytest
from celery import chain, group
from kombu.exceptions import EncodeError
from kombu.utils.json import dumps, loads

from events import tasks_with_objects as naive
from events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_project(django_project, eager):
    eager(django_project.app)


def test_eager_delay_serializes_the_arguments(eager_project):
    event = Event.objects.create(name="DjangoCon")
    with pytest.raises(EncodeError):
        naive.update_attendees.delay(event, 9001)


def test_eager_canvas_and_apply_serialize_nothing(eager_project):
    event = Event.objects.create(name="DjangoCon")
    chain(naive.update_attendees.s(event, 1)).apply_async()
    group(naive.update_attendees.s(event, 2)).apply_async()
    naive.update_attendees.apply((event, 3))
    event.refresh_from_db()
    assert event.attendees_number == 3  # the instance went through, each time


def test_json_carries_datetimes_decimals_and_uuids():
    values = {
        "when": datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 11, 27),
        "price": decimal.Decimal("19.99"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    }
    assert loads(dumps(values)) == values
