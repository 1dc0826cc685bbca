from celery import Celery

# A message broker: RabbitMQ (Celery's first choice), or Redis configured as a
# broker (redis.conf). Both deliver the broadcasts that remote control
# (`celery inspect`, `celery control`) relies on. RabbitMQ's guest user logs in
# from localhost only: give a production broker a user and vhost of its own.
app = Celery(
    "shop",
    broker="amqp://guest:guest@localhost:5672//",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"
