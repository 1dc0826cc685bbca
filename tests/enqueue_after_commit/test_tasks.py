import pytest
import redis
from kombu.exceptions import OperationalError

from orders import tasks
from orders.models import Order
from tests.enqueue_after_commit.conftest import OutOfStock, out_of_stock
from tests.support.apps import configured

# Real commits and rollbacks, seen by the worker's own connection.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_finds_the_committed_order(project, published, slow_reservation):
    order = tasks.place_order("ada@example.com", 1999, slow_reservation)
    (task_id,) = published
    result = project.app.AsyncResult(task_id).get(timeout=60)
    assert result == f"confirmation for order {order.id} sent to ada@example.com"


def test_a_rolled_back_order_sends_nothing(project, published):
    with pytest.raises(OutOfStock):
        tasks.place_order("ada@example.com", 1999, out_of_stock)
    assert Order.objects.count() == 0
    assert published == []
    with redis.Redis.from_url(project.broker_url) as broker:
        assert broker.llen("celery") == 0  # nothing waits for the worker either


def test_a_broker_that_is_down_fails_the_caller_after_the_commit(project):
    # on_commit sends after COMMIT: the order is saved and no message is.
    with (
        configured(project.app, broker_url="redis://127.0.0.1:1/0"),
        pytest.raises(OperationalError),
    ):
        tasks.place_order("ada@example.com", 1999, lambda order: None)
    assert Order.objects.filter(email="ada@example.com").exists()


@pytest.mark.django_db(transaction=False)
def test_in_a_test_transaction_nothing_is_sent_at_all(
    project, published, django_capture_on_commit_callbacks
):
    # pytest-django's plain django_db, like Django's TestCase, never commits.
    tasks.place_order("ada@example.com", 1999, lambda order: None)
    assert published == []
    with django_capture_on_commit_callbacks(execute=True):
        tasks.place_order("bob@example.com", 1999, lambda order: None)
    (task_id,) = published
    # The order was never committed: the worker does not find it.
    project.app.AsyncResult(task_id).get(timeout=60, propagate=False)
