"""Store the due time and sweep: the reminder is sent once, when due."""

import time
from datetime import timedelta

import pytest
from kombu.exceptions import OperationalError

from tests.short_countdowns.conftest import (
    COUNTDOWN,
    VISIBILITY_TIMEOUT,
    notifications,
)
from tests.support.apps import configured
from tests.support.redis_server import free_port
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


class SweepsAnotherFirst:
    """A connection that lets another sweep run in full once this sweep has
    read the due rows and before it writes its first claim: two sweeps that
    overlap (a slow sweep and the next, two beats)."""

    def __init__(self, db, other_sweep):
        self.db, self.other_sweep = db, other_sweep

    def before(self, sql):
        if sql.lstrip().startswith("UPDATE") and self.other_sweep:
            other_sweep, self.other_sweep = self.other_sweep, None
            other_sweep()

    def execute(self, sql, *args):
        self.before(sql)
        return self.db.execute(sql, *args)

    def executemany(self, sql, *args):
        self.before(sql)
        return self.db.executemany(sql, *args)

    def __getattr__(self, name):
        return getattr(self.db, name)

    def __enter__(self):
        return self.db.__enter__()

    def __exit__(self, *exc):
        return self.db.__exit__(*exc)


def test_two_overlapping_sweeps_send_each_reminder_once(reminders_db, monkeypatch):
    for user_id in (7, 8):
        tasks.remind_later(user_id, timedelta(0))
    sent = []
    monkeypatch.setattr(tasks.send_reminder, "delay", sent.append)
    connect = tasks.connect
    connections = iter([lambda db: SweepsAnotherFirst(db, tasks.send_due_reminders)])
    monkeypatch.setattr(
        tasks, "connect", lambda: next(connections, lambda db: db)(connect())
    )
    tasks.send_due_reminders()
    assert sorted(sent) == [7, 8]


def test_a_reminder_whose_send_fails_is_sent_by_the_next_sweep(
    reminders_db, monkeypatch, clean_redis
):
    tasks.remind_later(7, timedelta(0))
    # TEST VALUE: a broker nobody listens on (the reader's broker is down).
    down = {
        "broker_url": f"redis://127.0.0.1:{free_port()}/0",
        "result_backend": clean_redis,
    }
    with configured(tasks.app, **down), pytest.raises(OperationalError):
        tasks.send_due_reminders()
    sent = []
    monkeypatch.setattr(tasks.send_reminder, "delay", sent.append)
    tasks.send_due_reminders()  # the broker is back
    assert sent == [7]


def test_a_sweep_that_fails_after_its_send_is_followed_by_a_second_send(
    reminders_db, monkeypatch
):
    tasks.remind_later(7, timedelta(0))
    sent = []

    def sent_then_killed(user_id):
        sent.append(user_id)
        raise SystemExit("killed before the commit")

    monkeypatch.setattr(tasks.send_reminder, "delay", sent_then_killed)
    with pytest.raises(SystemExit):
        tasks.send_due_reminders()
    monkeypatch.setattr(tasks.send_reminder, "delay", sent.append)
    tasks.send_due_reminders()
    assert sent == [7, 7]  # at least once: make the task idempotent if it matters
