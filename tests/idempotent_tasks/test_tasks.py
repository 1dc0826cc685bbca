import pytest

from loyalty import tasks
from loyalty.models import Customer, PointsAward

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def state(customer):
    customer.refresh_from_db()
    return customer.points, PointsAward.objects.filter(customer=customer).count()


def test_running_twice_leaves_the_state_of_running_once(project):
    customer = Customer.objects.create()
    tasks.award_points.delay(customer.id, 7, 10).get(timeout=60)
    once = state(customer)
    tasks.award_points.delay(customer.id, 7, 10).get(timeout=60)  # redelivered
    assert once == state(customer) == (10, 1)


def test_one_message_delivered_twice_at_once_awards_once(delivered_twice_at_once):
    customer = Customer.objects.create()
    delivered_twice_at_once(tasks.award_points, customer.id, 7, 10)
    assert state(customer) == (10, 1)


def test_another_order_still_earns_points(project):
    customer = Customer.objects.create()
    tasks.award_points.delay(customer.id, 7, 10).get(timeout=60)
    tasks.award_points.delay(customer.id, 8, 5).get(timeout=60)
    assert state(customer) == (15, 2)
