import pytest

from snippets.enqueue_after_commit import delay_in_transaction, tasks
from snippets.enqueue_after_commit.models import Order
from tests.enqueue_after_commit.conftest import CardDeclined, charge_declined, charge_ok

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_message_leaves_while_the_row_is_uncommitted(published):
    delay_in_transaction.place_order("ada@example.com", 1999, charge_ok)
    assert [message["in_transaction"] for message in published] == [True]


def test_a_rolled_back_order_still_sends_a_confirmation(published):
    with pytest.raises(CardDeclined):
        delay_in_transaction.place_order("ada@example.com", 1999, charge_declined)
    assert Order.objects.count() == 0
    (message,) = published
    # The worker that takes this message looks for an order that never existed.
    with pytest.raises(Order.DoesNotExist):
        tasks.send_confirmation.apply(message["args"], throw=True)
