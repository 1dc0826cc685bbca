import pytest

from snippets.idempotent_tasks import tasks
from snippets.idempotent_tasks.models import Customer, PointsAward

pytestmark = pytest.mark.django_db


def test_running_twice_leaves_the_state_of_running_once(eager):
    eager(tasks.app)
    customer = Customer.objects.create()
    tasks.award_points.delay(customer.id, 7, 10)
    once = (Customer.objects.get(id=customer.id).points, PointsAward.objects.count())
    tasks.award_points.delay(customer.id, 7, 10)  # redelivered
    twice = (Customer.objects.get(id=customer.id).points, PointsAward.objects.count())
    assert once == twice == (10, 1)


def test_another_order_still_earns_points(eager):
    eager(tasks.app)
    customer = Customer.objects.create()
    tasks.award_points.delay(customer.id, 7, 10)
    tasks.award_points.delay(customer.id, 8, 5)
    assert Customer.objects.get(id=customer.id).points == 15
