"""A late-acknowledged task that waits (burning no CPU) long enough for the
test to cut the worker's connection to Redis while it runs."""

import time

from celery import Celery

app = Celery("connection_loss_probe")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    worker_prefetch_multiplier=1,
    task_track_started=True,
)


@app.task(acks_late=True)
def hold(seconds):
    time.sleep(seconds)
    return "done"
