"""crontab(hour=3) is due at every minute of that hour; minute=0 makes it once.

Counted with crontab's own is_due, the question beat asks each schedule, at
every minute of a day, after a run a minute earlier."""

import copy
from datetime import UTC, datetime, timedelta

from tests.support.snippets import snippet

every_minute = snippet("periodic_tasks", "every_minute")
tasks = snippet("periodic_tasks")

MIDNIGHT = datetime(2026, 11, 24, tzinfo=UTC)


def times_due_in_a_day(schedule):
    schedule = copy.copy(schedule)
    due_at = []
    for minute in range(24 * 60):
        now = MIDNIGHT + timedelta(minutes=minute)
        schedule.nowfun = lambda now=now: now
        due, _ = schedule.is_due(now - timedelta(minutes=1))
        if due:
            due_at.append(now)
    return due_at


def test_crontab_hour_3_is_due_sixty_times():
    schedule = every_minute.app.conf.beat_schedule["nightly report"]["schedule"]
    due_at = times_due_in_a_day(schedule)
    assert len(due_at) == 60
    assert (due_at[0].hour, due_at[0].minute) == (3, 0)
    assert (due_at[-1].hour, due_at[-1].minute) == (3, 59)


def test_crontab_minute_0_hour_3_is_due_once():
    schedule = tasks.app.conf.beat_schedule["nightly report"]["schedule"]
    assert times_due_in_a_day(schedule) == [MIDNIGHT + timedelta(hours=3)]


def test_its_minute_field_has_sixty_values():
    schedule = every_minute.app.conf.beat_schedule["nightly report"]["schedule"]
    assert schedule.minute == set(range(60))
    assert schedule.hour == {3}
