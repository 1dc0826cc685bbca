"""Store the due time and sweep: the reminder is sent once, when due."""

import time
from datetime import timedelta

import pytest

from tests.short_countdowns.conftest import (
    COUNTDOWN,
    VISIBILITY_TIMEOUT,
    notifications,
)
from tests.support.snippets import snippet

tasks = snippet("short_countdowns")


@pytest.mark.worker
def test_a_stored_reminder_is_sent_once_when_due(start_worker, reminders_db):
    start_worker()
    tasks.remind_later(7, timedelta(seconds=COUNTDOWN))
    tasks.send_due_reminders()  # what beat runs every minute: nothing is due
    time.sleep(1)
    assert notifications(reminders_db) == 0
    # Sweep as beat would, until the reminder falls due and is sent.
    deadline = time.monotonic() + 40
    while notifications(reminders_db) == 0 and time.monotonic() < deadline:
        tasks.send_due_reminders()
        time.sleep(0.5)
    assert notifications(reminders_db) == 1
    # Past the visibility timeout and a restore sweep, with margin: still once.
    time.sleep(VISIBILITY_TIMEOUT + 4)
    tasks.send_due_reminders()
    time.sleep(1)
    assert notifications(reminders_db) == 1


def test_a_reminder_is_not_sent_before_it_is_due(reminders_db, monkeypatch):
    tasks.remind_later(7, timedelta(hours=3))
    sent = []
    monkeypatch.setattr(tasks.send_reminder, "delay", sent.append)
    tasks.send_due_reminders()
    assert sent == []


def test_beat_sweeps_every_minute_and_drops_a_stale_sweep():
    (entry,) = tasks.app.conf.beat_schedule.values()
    assert entry["task"] == tasks.send_due_reminders.name
    assert entry["schedule"] == 60.0
    assert entry["options"]["expires"] < 60


def test_redis_redelivers_after_an_hour_by_default():
    from kombu.transport.redis import Channel

    assert Channel.visibility_timeout == 3600
