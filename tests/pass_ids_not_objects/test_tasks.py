import json
import time

import pytest
from celery.signals import before_task_publish
from django.db import connection, transaction

from events import tasks
from events.models import Event
from tests.support.postgres import wait_for_lock_waiters

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        time.sleep(0.05)


def test_updates_the_count(project):
    Event.objects.create(name="DjangoCon")
    tasks.on_request()
    wait_for(lambda: Event.objects.get(name="DjangoCon").attendees_number == 9001)


def test_the_worker_reads_the_row_as_committed(project):
    event = Event.objects.create(name="DjangoCon")
    loaded = Event.objects.get(id=event.id)
    # The organiser renames the event after the view loaded it.
    Event.objects.filter(id=event.id).update(name="DjangoCon US")
    tasks.update_attendees.delay(loaded.id, 9001).get(timeout=60)
    event.refresh_from_db()
    assert (event.name, event.attendees_number) == ("DjangoCon US", 9001)


def test_the_message_carries_only_json(project):
    sent = []

    def record(body, headers, **_):
        sent.append((headers["task"], json.dumps(body[0])))

    event = Event.objects.create(name="DjangoCon")
    before_task_publish.connect(record, weak=False)
    try:
        tasks.update_attendees.delay(event.id, 9001).get(timeout=60)
    finally:
        before_task_publish.disconnect(record)
    assert sent == [("events.tasks.update_attendees", f"[{event.id}, 9001]")]


def test_a_rename_while_the_task_runs_survives_update_fields(project):
    event = Event.objects.create(name="DjangoCon")
    with transaction.atomic():
        # The organiser's rename is in flight: the task reads the old name, and
        # its save waits for the rename to commit.
        Event.objects.select_for_update().get(id=event.id)
        Event.objects.filter(id=event.id).update(name="DjangoCon US")
        result = tasks.update_attendees.delay(event.id, 9001)
        wait_for_lock_waiters(connection.settings_dict, 1)
    result.get(timeout=60)
    event.refresh_from_db()
    assert (event.name, event.attendees_number) == ("DjangoCon US", 9001)


def test_an_event_deleted_while_the_task_waited_is_nothing_to_count(project):
    event = Event.objects.create(name="DjangoCon")
    Event.objects.filter(id=event.id).delete()  # while the message waits
    result = tasks.update_attendees.delay(event.id, 9001)
    assert result.get(timeout=60) is None
    assert result.state == "SUCCESS"  # no DoesNotExist, no retry, no alert


def test_an_event_not_yet_committed_is_skipped_too(project):
    # Why the task must also be sent after the commit: to the worker, a row
    # that is not there yet looks like one that was deleted.
    with transaction.atomic():
        event = Event.objects.create(name="DjangoCon")
        result = tasks.update_attendees.delay(event.id, 9001)
        assert result.get(timeout=60) is None  # ran while the row was invisible
    event.refresh_from_db()
    assert event.attendees_number == 0  # the count was never set
