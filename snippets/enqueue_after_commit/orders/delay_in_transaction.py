from django.db import transaction

from .models import Order
from .tasks import send_confirmation


# Not this: the message leaves before the transaction commits. A fast worker
# looks for the order before it exists; if the charge fails, the customer is
# told about an order that was rolled back.
def place_order(email, total_cents, charge):
    with transaction.atomic():
        order = Order.objects.create(email=email, total_cents=total_cents)
        send_confirmation.delay(order.id)
        charge(order)
    return order
