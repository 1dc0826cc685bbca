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


# Referring to the task objects, not to their names as strings: a typo here is
# an error when the module loads, not a schedule that silently sends nothing.
app.add_periodic_task(
    crontab(minute=30, hour=7, day_of_week="mon"),
    send_newsletter.s(),
    name="weekly newsletter",
)
app.add_periodic_task(
    timedelta(minutes=15), refresh_exchange_rates.s(), name="exchange rates"
)
