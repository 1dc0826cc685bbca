from django.db import transaction

from .models import Order
from .tasks import send_confirmation


# Not this: the message leaves before the transaction commits. A fast worker
# looks for the order before it exists; after a rollback it looks for an order
# that never existed. Either way the task fails and no confirmation is sent.
def place_order(email, total_cents, reserve_stock):
    with transaction.atomic():
        order = Order.objects.create(email=email, total_cents=total_cents)
        send_confirmation.delay(order.id)
        reserve_stock(order)
    return order
