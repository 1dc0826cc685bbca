"""Tasks that report which time limit stopped them, for the pool table.

A real worker of each pool runs them (tests/time_limits/test_pools.py).
"""

import time

from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)
app = Celery("pool_probe")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)

RAN_TO_THE_END = "ran to the end"
SOFT_LIMIT_RAISED = "SoftTimeLimitExceeded raised"


@app.task(bind=True)
def sleeps(self, seconds):
    """Waits as I/O does: a green pool can switch away while it waits."""
    try:
        time.sleep(seconds)
    except SoftTimeLimitExceeded:
        return SOFT_LIMIT_RAISED
    finally:
        logger.warning("finally ran for %s", self.request.id)
    return RAN_TO_THE_END


@app.task
def sleeps_through_soft_limits(seconds):
    """Catches a soft limit and sleeps on: only a hard limit stops it."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            time.sleep(left)
        except SoftTimeLimitExceeded:
            logger.warning("soft limit caught, sleeping on")
    return RAN_TO_THE_END


@app.task(bind=True)
def computes(self, seconds):
    """Holds the CPU for ``seconds`` and never yields to another greenlet."""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            pass
    except SoftTimeLimitExceeded:
        return SOFT_LIMIT_RAISED
    logger.warning("work done for %s", self.request.id)
    return RAN_TO_THE_END
