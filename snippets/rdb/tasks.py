from celery import Celery
from celery.contrib import rdb

app = Celery(
    "orders",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def apply_discount(total_cents, percent):
    discount = total_cents * percent // 100
    # Stops this task and waits for a debugger client on the worker's host:
    # the first pool process prints "Ready to connect: telnet 127.0.0.1 6900".
    # Remove it before you commit: the task waits until someone connects.
    rdb.set_trace()
    return total_cents - discount
