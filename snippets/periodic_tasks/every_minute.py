from celery import Celery
from celery.schedules import crontab

app = Celery("newsletter", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"], timezone="UTC")


@app.task
def build_nightly_report():
    return "report built"


# Not this: crontab(hour=3) leaves minute="*". Beat sends the report at 03:00,
# 03:01, ... 03:59: sixty times a night.
app.add_periodic_task(
    crontab(hour=3), build_nightly_report.s(), name="nightly report", expires=3600
)
