from celery import Celery

app = Celery(
    "thumbnails",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    # Workers publish an event for every task they receive, start, finish or
    # fail (the same as `celery worker -E`); Flower and receivers read them.
    worker_send_task_events=True,
    # And the caller publishes one when it sends a task, so a task sitting in
    # a queue with no worker is visible too.
    task_send_sent_event=True,
)


@app.task
def resize(width, height, scale):
    if scale <= 0:
        raise ValueError(f"cannot scale by {scale}")
    return [round(width * scale), round(height * scale)]
