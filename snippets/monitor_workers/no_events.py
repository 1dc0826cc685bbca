from celery import Celery

# Not this: events are off by default. inspect still answers, but Flower shows
# no tasks, and nothing can count failures per minute or alert on them.
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
