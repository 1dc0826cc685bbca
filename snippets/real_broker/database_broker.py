from celery import Celery

# Not this: a database as the broker. Workers poll a table for messages, and
# remote control never reaches them: `celery inspect ping` finds no worker.
app = Celery(
    "shop",
    broker="sqla+sqlite:///celerydb.sqlite",
    backend="db+sqlite:///results.sqlite",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"
