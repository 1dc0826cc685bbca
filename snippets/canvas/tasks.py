from celery import Celery
from celery.utils.log import get_task_logger

app = Celery(
    "canvas",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)
logger = get_task_logger(__name__)


@app.task
def add(x, y):
    return x + y


@app.task
def mul(x, y):
    return x * y


@app.task
def tsum(numbers):
    return sum(numbers)


@app.task
def xsum(numbers):
    return sum(numbers)


@app.task
def log_error(request, exc, traceback):
    # An errback: Celery calls it with the failed task's request and exception.
    logger.error("Task %s failed: %r", request.id, exc)
