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
    # The queues Celery declares are quorum queues. RabbitMQ refuses to
    # declare an existing queue as another type: start on a new queue.
    task_default_queue_type="quorum",
    # Native delayed delivery routes countdowns through a topic exchange:
    # with Celery's default, direct, every countdown waits in the worker.
    task_default_exchange_type="topic",
    # The same for queues Celery creates for a route (queue="emails",
    # task_routes, -Q emails): Celery 5.6 and later.
    task_create_missing_queue_type="quorum",
    task_create_missing_queue_exchange_type="topic",
    # Each publish waits for RabbitMQ's confirmation: a message the broker
    # refuses raises in apply_async instead of vanishing.
    broker_transport_options={"confirm_publish": True},
    worker_prefetch_multiplier=1,
)


# Safe to run twice (see "Acknowledge late"): a lost worker puts it back, and
# the queue's delivery limit (delivery_limit.sh) ends a message that keeps
# killing its process.
@app.task(acks_late=True, reject_on_worker_lost=True)
def charge(order_id):
    return f"order {order_id} charged"


@app.task
def send_reminder(order_id):
    return f"reminder for order {order_id} sent"
