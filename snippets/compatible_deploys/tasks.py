import logging

from celery import Celery
from celery.signals import task_unknown

app = Celery(
    "billing",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)
logger = logging.getLogger(__name__)


# copy_to is new: it has a default, so messages from callers not yet deployed
# still work, and **kwargs takes what callers deployed after this one add.
@app.task
def send_invoice(invoice_id, copy_to=None, **kwargs):
    recipients = ["customer", *([copy_to] if copy_to else [])]
    return {"invoice": invoice_id, "sent_to": recipients}


@app.task
def close_invoice(invoice_id):
    return {"invoice": invoice_id, "closed": True}


# close_invoice was called archive_invoice: messages already queued, and
# callers not yet deployed, still use that name. Remove once queues drain.
# The alias takes none of close_invoice's decorator options: repeat them here.
archive_invoice = app.task(name="tasks.archive_invoice")(close_invoice.run)


# A message for a task no worker knows never reaches on_failure or
# task_failure: this is the only hook that sees it.
@task_unknown.connect
def alert_unknown_task(name=None, id=None, **kwargs):
    logger.error("Unregistered task %s[%s]: its message was dropped", name, id)
