import logging

from celery import Celery, Task
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)
# The logger the log pipeline pages the on-call engineer from. The worker logs
# every failure itself, but in its own log, among all its other lines.
alerts = logging.getLogger("orders.alerts")


class LoggedTask(Task):
    """What every task returns, raises or retries, reported in one place."""

    def on_success(self, retval, task_id, args, kwargs):
        logger.info("%s[%s] succeeded: %r", self.name, task_id, retval)

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.warning("%s[%s] will retry: %r", self.name, task_id, exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        alerts.error("%s[%s] failed: %r, args %r", self.name, task_id, exc, list(args))

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        logger.info("%s[%s] ended with %s", self.name, task_id, status)


# Every task of this app gets the hooks; or pick them per task with
# @app.task(base=LoggedTask).
app = Celery("orders", broker="redis://localhost:6379/0", task_cls=LoggedTask)
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def ship(order_id):
    if order_id < 0:
        raise ValueError(f"no order {order_id}")
    return f"order {order_id} shipped"
