import logging

from celery import Celery

alerts = logging.getLogger("orders.alerts")
app = Celery("orders", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: the same try/except copied into every task. The next task written
# without it still fails in the worker's log, but nothing reaches the alerts,
# and the copies drift apart.
@app.task
def ship(order_id):
    try:
        if order_id < 0:
            raise ValueError(f"no order {order_id}")
        return f"order {order_id} shipped"
    except Exception as exc:
        alerts.error("ship failed: %r", exc)
        raise


@app.task
def refund(order_id):
    if order_id < 0:
        raise ValueError(f"no order {order_id}")
    return f"order {order_id} refunded"
