import pytest

from orders.models import Order


@pytest.mark.django_db
def test_an_order_keeps_its_total_in_cents():
    order = Order.objects.create(email="ada@example.com", total_cents=1999)
    assert Order.objects.get(id=order.id).total_cents == 1999
