from celery import Celery
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)
app = Celery("billing", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: the error is caught, logged at a level nobody reads, and the task
# reports SUCCESS. No alert, no failed state, and a customer who was not charged.
@app.task
def charge_card(order_id, amount_cents):
    try:
        if amount_cents <= 0:
            raise ValueError(f"order {order_id}: cannot charge {amount_cents} cents")
        return {"order_id": order_id, "charged_cents": amount_cents}
    except Exception as exc:
        logger.debug("charge_card: %r", exc)
        return None
