from celery import Celery

# Not this: task events are off by default. inspect still answers, and Flower,
# once it runs, turns them on in the workers it reaches; until then, and for any
# monitor of your own, there is nothing to count failures per minute or alert
# on, and no task-sent event shows a task that waits in a queue.
app = Celery(
    "thumbnails",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def resize(width, height, scale):
    if scale <= 0:
        raise ValueError(f"cannot scale by {scale}")
    return [round(width * scale), round(height * scale)]
