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


# Not this: archive_invoice renamed with no alias. Every message still carrying
# the old name is rejected as unregistered, and no failure hook hears of it.
@app.task
def close_invoice(invoice_id):
    return {"invoice": invoice_id, "closed": True}
