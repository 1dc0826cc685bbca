from datetime import UTC, datetime, timedelta
from itertools import pairwise

from celery.schedules import crontab

from tests.support.snippets import snippet

tasks = snippet("periodic_tasks")


ENTRIES = tasks.app.conf.beat_schedule


def test_each_entry_names_a_task_of_the_app():
    assert {e["task"] for e in ENTRIES.values()} == {
        tasks.send_newsletter.name,
        tasks.refresh_exchange_rates.name,
        tasks.build_nightly_report.name,
    }


def shortest_gap(schedule, start=datetime(2026, 11, 23, tzinfo=UTC), weeks=2):
    """The shortest time between two runs of ``schedule`` over ``weeks``."""
    if isinstance(schedule, timedelta):
        return schedule
    runs, now = [], start
    while now < start + timedelta(weeks=weeks):
        schedule.nowfun = lambda now=now: now
        now = now + schedule.remaining_estimate(now) + timedelta(seconds=1)
        runs.append(now)
    schedule.nowfun = None
    return min(later - earlier for earlier, later in pairwise(runs))


def test_the_gaps_are_the_schedules():
    assert {name: shortest_gap(e["schedule"]) for name, e in ENTRIES.items()} == {
        "weekly newsletter": timedelta(weeks=1),
        "exchange rates": timedelta(minutes=15),
        "nightly report": timedelta(days=1),
    }


def test_each_entry_expires_before_its_next_run():
    for name, entry in ENTRIES.items():
        expires = timedelta(seconds=entry["options"]["expires"])
        assert timedelta(0) < expires < shortest_gap(entry["schedule"]), name


def test_the_newsletter_runs_on_monday_mornings_utc():
    schedule = ENTRIES["weekly newsletter"]["schedule"]
    assert schedule == crontab(minute=30, hour=7, day_of_week="mon")
    assert tasks.app.conf.timezone == "UTC"


def test_the_rates_refresh_every_quarter_hour():
    assert ENTRIES["exchange rates"]["schedule"] == timedelta(minutes=15)


def test_the_tasks_return_what_they_did():
    assert tasks.send_newsletter() == "newsletter queued"
    assert tasks.refresh_exchange_rates() == "rates refreshed"
    assert tasks.build_nightly_report() == "report built"


def test_beat_would_send_the_newsletter_at_seven_thirty():
    # Beat asks each schedule "is it due?" with the time it last ran.
    schedule = ENTRIES["weekly newsletter"]["schedule"]
    monday_0730 = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)
    schedule.nowfun = lambda: monday_0730
    try:
        due, _ = schedule.is_due(monday_0730 - timedelta(days=7))
    finally:
        schedule.nowfun = None
    assert due
