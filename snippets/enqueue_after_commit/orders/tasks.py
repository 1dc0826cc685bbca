from celery import shared_task
from django.db import transaction

from .models import Order


@shared_task
def send_confirmation(order_id):
    order = Order.objects.get(id=order_id)
    return f"confirmation for order {order.id} sent to {order.email}"


def place_order(email, total_cents, reserve_stock):
    with transaction.atomic():
        order = Order.objects.create(email=email, total_cents=total_cents)
        # Queued until the commit: sent once the row is there for the worker,
        # never sent if reserve_stock() raises and the order is rolled back.
        send_confirmation.delay_on_commit(order.id)
        reserve_stock(order)  # a step of the same transaction; may raise
    return order
