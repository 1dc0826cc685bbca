from celery import Celery

app = Celery(
    "billing",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
# Not this: unpickling runs code named in the message. Anyone who can write to
# the broker (a leaked Redis password, an open port) runs code on every worker.
app.conf.update(
    task_serializer="pickle",
    accept_content=["pickle", "json"],
    result_serializer="pickle",
    result_accept_content=["pickle", "json"],
)


@app.task
def send_invoice(invoice_id):
    return f"invoice {invoice_id} sent"
