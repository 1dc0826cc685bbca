"""Tasks on the snippet's own app (base LoggedTask) that end in ways a raised
exception does not: the pool process dies under one, the hard time limit stops
the other. A prefork worker imports this with ``-I`` beside ``tasks``."""

import logging
import os
import signal
import time

from celery.signals import task_failure

from tasks import LoggedTask, app, logger

probe_log = logging.getLogger("endings_probe")


class StateChecked(LoggedTask):
    """LoggedTask, also logging the state stored when its hooks start."""

    def on_success(self, retval, task_id, args, kwargs):
        logger.warning("on_success sees %s", self.AsyncResult(task_id).state)
        super().on_success(retval, task_id, args, kwargs)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.warning("on_failure sees %s", self.AsyncResult(task_id).state)
        super().on_failure(exc, task_id, args, kwargs, einfo)


@app.task(base=StateChecked)
def checked(order_id):
    if order_id < 0:
        raise ValueError(f"no order {order_id}")
    return order_id


@app.task
def dies():
    os.kill(os.getpid(), signal.SIGKILL)  # as an out-of-memory kill does


@app.task(time_limit=1)
def hangs():
    time.sleep(60)


@task_failure.connect
def seen(sender=None, task_id=None, exception=None, **_):
    probe_log.error("task_failure for %s: %r", task_id, exception)
