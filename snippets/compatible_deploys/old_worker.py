from celery import Celery

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


# Not this: last week's tasks.py, still running on the workers a rolling deploy
# has not reached yet. A caller already deployed sends copy_to, and this fails
# with TypeError.
@app.task(name="tasks.send_invoice")
def send_invoice(invoice_id):
    return {"invoice": invoice_id, "sent_to": ["customer"]}
