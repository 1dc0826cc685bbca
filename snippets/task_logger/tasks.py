from celery import Celery
from celery.utils.log import get_task_logger

# A child of the "celery.task" logger: the worker formats its records with
# worker_task_log_format, which adds the running task's name and id.
logger = get_task_logger(__name__)

app = Celery("tasks", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def add(a, b):
    # Arguments, not an f-string: the message is only built if INFO is on.
    logger.info("Adds %s + %s", a, b)
    return a + b
