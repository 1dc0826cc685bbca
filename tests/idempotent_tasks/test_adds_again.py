import pytest

from loyalty import adds_again
from loyalty.models import Customer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_running_twice_doubles_the_points(project):
    customer = Customer.objects.create()
    adds_again.award_points.delay(customer.id, 7, 10).get(timeout=60)
    adds_again.award_points.delay(customer.id, 7, 10).get(timeout=60)  # again
    customer.refresh_from_db()
    assert customer.points == 20


def test_one_message_delivered_twice_at_once_doubles_them(delivered_twice_at_once):
    customer = Customer.objects.create()
    delivered_twice_at_once(adds_again.award_points, customer.id, 7, 10)
    customer.refresh_from_db()
    assert customer.points == 20


def test_eager_mode_shows_the_doubled_points_too(django_project, eager):
    eager(django_project.app)
    customer = Customer.objects.create()
    adds_again.award_points.delay(customer.id, 7, 10)
    adds_again.award_points.delay(customer.id, 7, 10)
    customer.refresh_from_db()
    assert customer.points == 20
