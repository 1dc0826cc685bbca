from celery import Celery

app = Celery(
    "billing",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    # Send JSON, and refuse anything else: a worker never unpickles a message.
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    result_accept_content=["json"],
)


@app.task
def send_invoice(invoice_id):
    return f"invoice {invoice_id} sent"
