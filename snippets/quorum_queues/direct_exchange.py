from celery import Celery

app = Celery(
    "orders",
    broker="amqp://guest:guest@localhost:5672//",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue_type="quorum",
    # Celery's default, written out: Celery hands no countdown sent through a
    # direct exchange to RabbitMQ, so every countdown waits in the worker.
    task_default_exchange_type="direct",
    worker_prefetch_multiplier=1,
)


@app.task
def send_reminder(order_id):
    return f"reminder for order {order_id} sent"
