"""The monitoring snippet's event settings, and a task that runs past its hard
time limit, for a real prefork worker."""

import time

from celery import Celery

app = Celery("time_limit_probe")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    worker_send_task_events=True,
    task_send_sent_event=True,
)


@app.task(time_limit=2)
def hangs():
    time.sleep(60)
