import pytest
from celery.signals import after_task_publish


class CardDeclined(Exception):
    pass


def charge_declined(order):
    raise CardDeclined(order.id)


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
def slow_charge(project, published):
    """A charge that takes as long as the worker: any message sent before it
    has been run by the worker when it returns, the transaction still open."""

    def charge(order):
        for task_id in published:
            project.app.AsyncResult(task_id).get(timeout=60, propagate=False)

    return charge
