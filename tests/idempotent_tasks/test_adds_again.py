import pytest

from snippets.idempotent_tasks import adds_again
from snippets.idempotent_tasks.models import Customer


@pytest.mark.django_db
def test_running_twice_doubles_the_points(eager):
    eager(adds_again.app)
    customer = Customer.objects.create()
    adds_again.award_points.delay(customer.id, 7, 10)
    adds_again.award_points.delay(customer.id, 7, 10)  # redelivered
    assert Customer.objects.get(id=customer.id).points == 20
