"""A late-acknowledged task whose every run kills its own worker process, as a
poison message does (an input that makes the process run out of memory or
crash), on the quorum-queue snippet's settings."""

import os
import signal

from celery import Celery
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)
app = Celery("poison_probe")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue_type="quorum",
    task_default_exchange_type="topic",
    broker_transport_options={"confirm_publish": True},
    worker_prefetch_multiplier=1,
)


@app.task(acks_late=True, reject_on_worker_lost=True)
def charge(order_id):
    logger.warning("charge runs")
    os.kill(os.getpid(), signal.SIGKILL)
