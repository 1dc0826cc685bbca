"""The award and the points commit together, or not at all."""

import pytest
from django.db import connection, transaction

from loyalty import tasks
from loyalty.models import Customer, PointsAward
from tests.support.postgres import wait_for_lock_waiters

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def state(customer):
    customer.refresh_from_db()
    return customer.points, PointsAward.objects.filter(customer=customer).count()


def test_a_task_stopped_between_award_and_points_leaves_neither(project):
    customer = Customer.objects.create()
    with transaction.atomic(), connection.cursor() as cursor:
        # FOR SHARE lets the award's insert through (its foreign key check
        # takes a weaker lock) and stops the points update: the task waits
        # between its two statements.
        cursor.execute(
            "SELECT 1 FROM loyalty_customer WHERE id = %s FOR SHARE", [customer.id]
        )
        result = tasks.award_points.delay(customer.id, 7, 10)
        wait_for_lock_waiters(connection.settings_dict, 1)
        # The worker's connection is cut there, as a crash or a failover would.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    result.get(timeout=60, propagate=False)
    assert result.state == "FAILURE"
    assert state(customer) == (0, 0)  # no award recorded without its points
    tasks.award_points.delay(customer.id, 7, 10).get(timeout=60)  # sent again
    assert state(customer) == (10, 1)
