from celery import Celery
from django.db import transaction

from .models import Order

# DjangoTask adds delay_on_commit() and apply_async_on_commit() to every task.
app = Celery(
    "shop",
    broker="redis://localhost:6379/0",
    task_cls="celery.contrib.django.task:DjangoTask",
)
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def send_confirmation(order_id):
    order = Order.objects.get(id=order_id)
    return f"confirmation for order {order.id} sent to {order.email}"


def place_order(email, total_cents, charge):
    with transaction.atomic():
        order = Order.objects.create(email=email, total_cents=total_cents)
        charge(order)  # may raise: then the order is rolled back...
        # ...and this message is never sent. Sent only once the row is committed.
        send_confirmation.delay_on_commit(order.id)
    return order
