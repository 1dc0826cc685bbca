import pytest
from django.db import IntegrityError

from loyalty.models import Customer, PointsAward


@pytest.mark.django_db
def test_an_order_can_be_awarded_only_once():
    customer = Customer.objects.create()
    PointsAward.objects.create(order_id=7, customer=customer, points=10)
    with pytest.raises(IntegrityError):
        PointsAward.objects.create(order_id=7, customer=customer, points=10)
