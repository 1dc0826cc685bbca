from celery import Celery, chain

app = Celery(
    "sums",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


@app.task
def add(a, b):
    return a + b


# Each add receives the previous result as its first argument; no task waits.
# The first starts from 0, so add_all() with no numbers sums to 0.
def add_all(*numbers):
    return chain(add.s(0, 0), *(add.s(n) for n in numbers)).apply_async()
