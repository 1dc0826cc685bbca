import pdb

from celery import Celery

app = Celery(
    "orders",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: pdb talks to the process's standard input, and a worker's pool
# process has no terminal. The debugger reads end-of-file at once, and the task
# fails with BdbQuit instead of stopping for you.
@app.task
def apply_discount(total_cents, percent):
    discount = total_cents * percent // 100
    pdb.set_trace()
    return total_cents - discount
