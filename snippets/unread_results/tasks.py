from datetime import timedelta

from celery import Celery

app = Celery(
    "shop",
    broker="redis://localhost:6379/0",
    # Results in a Redis of their own (another server): the broker's Redis
    # never evicts (noeviction); results must not fill its memory.
    backend="redis://localhost:6380/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Nobody reads most task results: store none unless a task asks for it.
    task_ignore_result=True,
    # But keep the failures, so a failed task does not look like one not run.
    task_store_errors_even_if_ignored=True,
    # The results that are stored expire (the default is one day).
    result_expires=timedelta(hours=1),
)


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"


# A caller waits for this one (`.get()`), so it keeps its result.
@app.task(ignore_result=False)
def quote_shipping(weight_grams):
    return round(4.5 + weight_grams / 1000 * 1.2, 2)
