from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

app = Celery("newsletter", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"], timezone="UTC")


@app.task
def send_newsletter():
    return "newsletter queued"


@app.task
def refresh_exchange_rates():
    return "rates refreshed"


# Not this: task names typed as strings. A task's name is its module path, and
# "newsletter.send_newsletter" is not it: beat sends the message every Monday,
# workers reject it as unregistered, and nothing says so where anyone looks.
app.conf.beat_schedule = {
    "weekly newsletter": {
        "task": "newsletter.send_newsletter",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    "exchange rates": {
        "task": refresh_exchange_rates.name,
        "schedule": timedelta(minutes=15),
    },
}
