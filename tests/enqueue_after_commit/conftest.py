import pytest
from celery.signals import after_task_publish


class OutOfStock(Exception):
    pass


def out_of_stock(order):
    """A reserve_stock() that finds the last item gone: the order rolls back."""
    raise OutOfStock(order.id)


@pytest.fixture(scope="module")
def project(django_project):
    """The project's app in this process (the web process) and a prefork
    worker on the same Redis and PostgreSQL databases."""
    django_project.worker()
    return django_project


@pytest.fixture
def published():
    """The ids of the messages this process has sent so far in the test."""
    sent = []

    def record(headers, **_):
        sent.append(headers["id"])

    after_task_publish.connect(record, weak=False)
    yield sent
    after_task_publish.disconnect(record)


@pytest.fixture
def slow_reservation(project, published):
    """A stock reservation that takes as long as the worker: any message sent
    before it has been run by the worker when it returns, the transaction still
    open."""

    def reserve_stock(order):
        for task_id in published:
            project.app.AsyncResult(task_id).get(timeout=60, propagate=False)

    return reserve_stock
