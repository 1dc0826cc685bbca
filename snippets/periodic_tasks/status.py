import copy
from datetime import datetime, timezone

from celery.schedules import maybe_schedule


def schedule_status(app, now, last_run_at=None):
    """One row per beat entry: what runs, when it runs next, and whether this
    process's app registers the task. Run it where the workers' modules are
    imported; `celery -A tasks inspect registered` asks the workers themselves."""
    last_run_at = last_run_at or {}
    rows = []
    for name, entry in sorted(app.conf.beat_schedule.items()):
        schedule = copy.copy(maybe_schedule(entry["schedule"], app=app))
        schedule.nowfun = lambda: now
        last = last_run_at.get(name, now)
        rows.append(
            {
                "name": name,
                "task": entry["task"],
                # An overdue entry is sent as soon as beat next wakes up.
                "next_run": max(now, now + schedule.remaining_estimate(last)),
                "registered": entry["task"] in app.tasks,
            }
        )
    return rows


def print_status(app, now=None):
    now = now or datetime.now(timezone.utc)
    for row in schedule_status(app, now):
        registered = "ok" if row["registered"] else "NOT REGISTERED"
        print(f"{row['name']:<18} {row['next_run']:%a %Y-%m-%d %H:%M} {registered}")
