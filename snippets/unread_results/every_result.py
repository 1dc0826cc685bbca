from celery import Celery

app = Celery(
    "shop",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Not this: every task's return value is stored, read or not, and kept
    # for a day: millions of receipts a day are millions of keys in Redis.
)


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"
