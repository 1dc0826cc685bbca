import pytest

from events.models import Event


@pytest.mark.django_db
def test_an_event_starts_with_no_attendees():
    event = Event.objects.create(name="DjangoCon")
    assert Event.objects.get(id=event.id).attendees_number == 0
