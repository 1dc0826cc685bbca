from datetime import datetime, timezone

from celery import Celery
from celery.schedules import crontab

app = Celery(
    "dashboards",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    timezone="UTC",
)


@app.task
def refresh_dashboard(team_id):
    return {"team": team_id, "refreshed_at": datetime.now(timezone.utc).isoformat()}


def request_refresh(team_id):
    # Someone is looking at the page now: in ten minutes the answer is useless.
    return refresh_dashboard.apply_async((team_id,), expires=600)


# Every quarter of an hour, and dropped if it has not started before the next.
app.add_periodic_task(
    crontab(minute="*/15"),
    refresh_dashboard.s(0),
    name="refresh the company dashboard",
    expires=14 * 60,
)
