import pytest
from django.db import connection

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


@pytest.fixture
def without_the_unique_constraint(project):
    """The snippet's task and tables, with ``unique=True`` dropped from the
    database for one test (and put back after)."""
    assert PointsAward._meta.get_field("order_id").unique  # the snippet's model
    table = PointsAward._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        (name,) = (
            name
            for name, about in constraints.items()
            if about["unique"] and about["columns"] == ["order_id"]
        )
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    try:
        yield
    finally:
        PointsAward.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" UNIQUE (order_id)'
            )


def test_without_the_unique_constraint_both_copies_award(
    without_the_unique_constraint, delivered_twice_at_once
):
    # get_or_create alone: both copies look, find nothing, and both insert.
    customer = Customer.objects.create()
    delivered_twice_at_once(tasks.award_points, customer.id, 7, 10)
    assert state(customer) == (20, 2)
