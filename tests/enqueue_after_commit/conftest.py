import pytest
from celery.signals import before_task_publish
from django.db import transaction

from snippets.enqueue_after_commit import tasks
from tests.support.apps import IN_MEMORY, configured


class CardDeclined(Exception):
    pass


def charge_ok(order):
    return None


def charge_declined(order):
    raise CardDeclined(order.id)


@pytest.fixture
def published():
    """Every message sent, with whether a transaction was still open at the time."""
    sent = []

    def record(sender, body, **_):
        sent.append(
            {"task": sender, "args": list(body[0]), "in_transaction": _in_transaction()}
        )

    before_task_publish.connect(record, weak=False)
    with configured(tasks.app, **IN_MEMORY):
        tasks.app.control.purge()
        yield sent
        tasks.app.control.purge()
    before_task_publish.disconnect(record)


def _in_transaction():
    return transaction.get_connection().in_atomic_block
