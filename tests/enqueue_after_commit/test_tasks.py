import pytest

from snippets.enqueue_after_commit import tasks
from snippets.enqueue_after_commit.models import Order
from tests.enqueue_after_commit.conftest import CardDeclined, charge_declined, charge_ok

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_message_leaves_after_the_commit(published):
    order = tasks.place_order("ada@example.com", 1999, charge_ok)
    assert published == [
        {
            "task": "snippets.enqueue_after_commit.tasks.send_confirmation",
            "args": [order.id],
            "in_transaction": False,
        }
    ]


def test_a_rolled_back_order_sends_nothing(published):
    with pytest.raises(CardDeclined):
        tasks.place_order("ada@example.com", 1999, charge_declined)
    assert Order.objects.count() == 0
    assert published == []


def test_the_worker_finds_the_order(eager):
    eager(tasks.app)
    order = tasks.place_order("ada@example.com", 1999, charge_ok)
    result = tasks.send_confirmation.apply((order.id,))
    assert result.get() == f"confirmation for order {order.id} sent to ada@example.com"
