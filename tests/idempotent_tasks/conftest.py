import uuid

import pytest
from django.db import connection, transaction

from loyalty.models import Customer
from tests.support.postgres import wait_for_lock_waiters


@pytest.fixture(scope="module")
def project(django_project):
    """The project's app in this process and a prefork worker with two
    processes, so two deliveries of one message run at once."""
    django_project.worker()
    return django_project


@pytest.fixture
def delivered_twice_at_once(project):
    """``delivered_twice_at_once(task, *args)``: two messages with one task id,
    as a redelivery carries, run by both worker processes at the same time;
    returns once both runs have finished."""

    def deliver(task, *args):
        (worker,) = project.workers
        task_id = str(uuid.uuid4())
        customer_id = args[0]
        # The test holds the customer's row until both runs have reached the
        # database and wait, so that they overlap every time.
        with transaction.atomic():
            Customer.objects.select_for_update().get(id=customer_id)
            for _ in range(2):
                task.apply_async(args, task_id=task_id)
            wait_for_lock_waiters(connection.settings_dict, 2)
        worker.wait_for_log_count(f"[{task_id}] succeeded", 2, timeout=60)

    return deliver
