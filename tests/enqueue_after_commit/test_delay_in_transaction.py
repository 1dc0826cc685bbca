import pytest

from orders import delay_in_transaction
from orders.models import Order
from tests.enqueue_after_commit.conftest import OutOfStock, out_of_stock

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def failure_of(project, task_id):
    result = project.app.AsyncResult(task_id)
    result.get(timeout=60, propagate=False)
    return result.state, type(result.result).__name__


def test_a_fast_worker_looks_for_the_order_before_it_exists(
    project, published, slow_reservation
):
    order = delay_in_transaction.place_order("ada@example.com", 1999, slow_reservation)
    (task_id,) = published
    # The worker ran while the transaction was open: no such order, for it.
    assert failure_of(project, task_id) == ("FAILURE", "DoesNotExist")
    assert Order.objects.filter(id=order.id).exists()  # committed just after


def test_after_a_rollback_the_task_fails_on_an_order_that_never_existed(
    project, published
):
    with pytest.raises(OutOfStock):
        delay_in_transaction.place_order("ada@example.com", 1999, out_of_stock)
    assert Order.objects.count() == 0
    (task_id,) = published
    # Nobody is emailed: the task loads the order by id and finds none.
    assert failure_of(project, task_id) == ("FAILURE", "DoesNotExist")


def test_in_eager_mode_the_task_finds_the_uncommitted_order(project, eager):
    eager(project.app)  # errors propagate: DoesNotExist would fail the test
    delay_in_transaction.place_order("ada@example.com", 1999, lambda order: None)
    assert Order.objects.count() == 1
