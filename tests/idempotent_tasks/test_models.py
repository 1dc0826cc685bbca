import pytest
from django.db import IntegrityError

from loyalty.models import Customer, PointsAward


@pytest.mark.django_db
def test_an_order_can_be_awarded_only_once():
    customer = Customer.objects.create()
    PointsAward.objects.create(order_id=7, customer=customer, points=10)
    with pytest.raises(IntegrityError):
        PointsAward.objects.create(order_id=7, customer=customer, points=10)


@pytest.mark.django_db
def test_an_order_id_past_32_bits_fits(settings):
    # The project's order ids come from a BigAutoField.
    assert settings.DEFAULT_AUTO_FIELD == "django.db.models.BigAutoField"
    customer = Customer.objects.create()
    PointsAward.objects.create(order_id=2**40, customer=customer, points=10)
    assert PointsAward.objects.get(order_id=2**40).points == 10
