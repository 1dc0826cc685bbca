from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

app = Celery("newsletter", broker="redis://localhost:6379/0")
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    # Schedules are read in this zone: "07:30" means 07:30 UTC, all year round.
    timezone="UTC",
)


@app.task
def send_newsletter():
    return "newsletter queued"


@app.task
def refresh_exchange_rates():
    return "rates refreshed"


@app.task
def build_nightly_report():
    return "report built"


# Referring to the task objects, not to their names as strings: a typo here is
# an error when the module loads, not a schedule that silently sends nothing.
# Each entry expires before its next run is due.
app.add_periodic_task(
    crontab(minute=30, hour=7, day_of_week="mon"),
    send_newsletter.s(),
    name="weekly newsletter",
    expires=3600,
)
app.add_periodic_task(
    timedelta(minutes=15),
    refresh_exchange_rates.s(),
    name="exchange rates",
    expires=10 * 60,
)
# minute=0: once, at 03:00. Without it the minute is "*".
app.add_periodic_task(
    crontab(minute=0, hour=3),
    build_nightly_report.s(),
    name="nightly report",
    expires=3600,
)
