from celery import shared_task
from django.db import transaction
from django.db.models import F

from .models import Customer, PointsAward


# The order id is the idempotency key: a second run finds the award already
# recorded and changes nothing.
@shared_task
def award_points(customer_id, order_id, points):
    with transaction.atomic():
        _, created = PointsAward.objects.get_or_create(
            order_id=order_id,
            defaults={"customer_id": customer_id, "points": points},
        )
        if created:
            Customer.objects.filter(id=customer_id).update(points=F("points") + points)
