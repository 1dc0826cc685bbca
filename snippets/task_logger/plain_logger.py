import logging

from celery import Celery

# Not this: a plain module logger. Its records go to the root logger, whose
# worker format has no task name or id, so which run logged a line is lost.
logger = logging.getLogger(__name__)

app = Celery("tasks", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def add(a, b):
    logger.info("Adds %s + %s", a, b)
    return a + b
