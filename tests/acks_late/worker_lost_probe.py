"""Tasks whose every run kills its own worker process, as a poison message
does (an input that makes the process run out of memory or segfault)."""

import os
import signal

from celery import Celery
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)
app = Celery("worker_lost_probe")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    worker_prefetch_multiplier=1,
)


def die(name):
    logger.warning("%s runs", name)
    os.kill(os.getpid(), signal.SIGKILL)


@app.task(acks_late=True)
def fails_on_loss():
    die("fails_on_loss")


@app.task(acks_late=True, reject_on_worker_lost=True)
def requeued_on_loss():
    die("requeued_on_loss")


# Celery 5.7: sent again like a retry, so max_retries bounds it. Older
# releases accept the option and ignore it.
@app.task(
    acks_late=True,
    retry_on_worker_lost=True,
    max_retries=1,
    default_retry_delay=0,
)
def retried_on_loss():
    die("retried_on_loss")


# Both options, as a reader bounding a reject_on_worker_lost loop sets them.
@app.task(
    acks_late=True,
    reject_on_worker_lost=True,
    retry_on_worker_lost=True,
    max_retries=1,
    default_retry_delay=0,
)
def bounded_on_loss():
    die("bounded_on_loss")
