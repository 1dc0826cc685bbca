from celery import Celery
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)
app = Celery("orders", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: the same try/except copied into every task. The next task written
# without it fails with no log line, and the copies drift apart.
@app.task
def ship(order_id):
    try:
        if order_id < 0:
            raise ValueError(f"no order {order_id}")
        return f"order {order_id} shipped"
    except Exception as exc:
        logger.error("ship failed: %r", exc)
        raise


@app.task
def refund(order_id):
    if order_id < 0:
        raise ValueError(f"no order {order_id}")
    return f"order {order_id} refunded"
