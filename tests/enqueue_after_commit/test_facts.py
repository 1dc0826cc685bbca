"""What the page says about DjangoTask and on_commit, checked."""

import contextlib
import functools
import logging

import pytest
from celery import Celery, Task
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

from orders import tasks
from orders.models import Order
from tests.enqueue_after_commit.conftest import OutOfStock, out_of_stock
from tests.support.apps import configured

pytestmark = pytest.mark.django_db(transaction=True)

BROKER_DOWN = "redis://127.0.0.1:1/0"


class LoggedTask(Task):
    pass


class LoggedDjangoTask(DjangoTask):
    pass


def ping():
    return "pong"


def test_with_the_fixup_a_task_is_a_django_task(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "proj.settings")
    app = Celery("fixed_up", set_as_current=False)
    assert hasattr(app.task(shared=False)(ping), "delay_on_commit")


@pytest.mark.parametrize("how", ["task_cls", "base"])
def test_a_base_class_of_your_own_replaces_django_task(monkeypatch, how):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "proj.settings")
    if how == "task_cls":
        app = Celery("own_base", task_cls=LoggedTask, set_as_current=False)
        task = app.task(shared=False)(ping)
    else:
        app = Celery("own_base", set_as_current=False)
        task = app.task(shared=False, base=LoggedTask)(ping)
    with pytest.raises(AttributeError):
        task.delay_on_commit  # noqa: B018
    app = Celery("django_base", task_cls=LoggedDjangoTask, set_as_current=False)
    assert hasattr(app.task(shared=False)(ping), "delay_on_commit")


def order_with(*callbacks):
    """An order saved in a transaction that registers ``callbacks(order)``."""
    with transaction.atomic():
        order = Order.objects.create(email="ada@example.com", total_cents=1999)
        for register in callbacks:
            register(order)


def test_a_failed_send_drops_the_transactions_later_callbacks(django_project):
    later = []
    with (
        configured(django_project.app, broker_url=BROKER_DOWN),
        pytest.raises(OperationalError),
    ):
        order_with(
            lambda order: tasks.send_confirmation.delay_on_commit(order.id),
            lambda order: transaction.on_commit(lambda: later.append("purged")),
        )
    assert Order.objects.count() == 1  # committed
    assert later == []  # never run


def test_robust_on_commit_logs_the_failed_send_and_goes_on(django_project, caplog):
    later = []
    with (
        configured(django_project.app, broker_url=BROKER_DOWN),
        caplog.at_level(logging.ERROR, logger="django.db.backends.base"),
        transaction.atomic(),
    ):
        order = Order.objects.create(email="ada@example.com", total_cents=1999)

        def send_confirmation():
            tasks.send_confirmation.delay(order.id)

        transaction.on_commit(send_confirmation, robust=True)
        transaction.on_commit(lambda: later.append("cache purged"))
    assert later == ["cache purged"]
    assert "Error calling" in caplog.text  # the lost send, in the log only


def test_robust_on_commit_fails_to_log_a_partial(django_project):
    # Django 5.2 names the failed callback by its __qualname__, which a
    # functools.partial does not have: the error handler itself raises.
    def register(order):
        send = functools.partial(tasks.send_confirmation.delay, order.id)
        transaction.on_commit(send, robust=True)

    with (
        configured(django_project.app, broker_url=BROKER_DOWN),
        pytest.raises(AttributeError, match="__qualname__"),
    ):
        order_with(register)


def test_a_rolled_back_savepoint_drops_its_delay_on_commit(django_project, published):
    with transaction.atomic():
        Order.objects.create(email="ada@example.com", total_cents=1999)
        with contextlib.suppress(OutOfStock), transaction.atomic():
            order = Order.objects.create(email="bob@example.com", total_cents=1999)
            tasks.send_confirmation.delay_on_commit(order.id)
            out_of_stock(order)  # the inner block rolls back to its savepoint
    assert Order.objects.count() == 1  # the outer transaction committed
    assert published == []  # bob's order, and its message, are gone


def test_atomic_requests_runs_each_view_in_a_transaction(monkeypatch):
    from django.core.handlers.base import BaseHandler
    from django.db import connections

    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)

    def view(request):
        return transaction.get_connection().in_atomic_block

    assert BaseHandler().make_view_atomic(view)(None) is True
    exempt = transaction.non_atomic_requests(view)
    assert BaseHandler().make_view_atomic(exempt)(None) is False


@contextlib.contextmanager
def orders_database():
    """A second database alias, "orders", as a project with several databases
    has. It points at the same test database, so the worker (which reads
    "default") sees what it commits, and nothing it has not committed yet.
    Made and connected inside the test: Django's test case refuses to open
    connections for aliases it was not told about, not one already open."""
    from django.db import connections

    connections.settings["orders"] = dict(connections["default"].settings_dict)
    connections["orders"].connect()
    try:
        yield "orders"
    finally:
        connections["orders"].close()
        del connections["orders"]
        del connections.settings["orders"]


def result_of(project, task_id):
    result = project.app.AsyncResult(task_id)
    value = result.get(timeout=60, propagate=False)
    return result.state, type(value).__name__


@pytest.mark.worker
def test_delay_on_commit_in_another_databases_transaction_sends_at_once(
    project, published
):
    with orders_database() as orders, transaction.atomic(using=orders):
        order = Order.objects.using(orders).create(
            email="ada@example.com", total_cents=1999
        )
        tasks.send_confirmation.delay_on_commit(order.id)
        # "default" is in no transaction: on_commit ran the send at once.
        (task_id,) = published
        assert result_of(project, task_id) == ("FAILURE", "DoesNotExist")
    assert Order.objects.filter(id=order.id).exists()  # committed just after


@pytest.mark.worker
def test_on_commit_with_using_waits_for_that_databases_commit(project, published):
    with orders_database() as orders, transaction.atomic(using=orders):
        order = Order.objects.using(orders).create(
            email="ada@example.com", total_cents=1999
        )
        transaction.on_commit(
            functools.partial(tasks.send_confirmation.delay, order.id),
            using=orders,
        )
        assert published == []
    (task_id,) = published
    assert result_of(project, task_id) == ("SUCCESS", "str")


def test_delay_on_commit_waits_for_the_default_database_only(monkeypatch):
    registered = []
    monkeypatch.setattr(
        transaction,
        "on_commit",
        lambda func, using=None, robust=False: registered.append((using, robust)),
    )
    tasks.send_confirmation.delay_on_commit(1)
    assert registered == [(None, False)]  # no using=: the default database


def test_a_lambda_in_a_loop_sends_the_last_order_each_time():
    sent = []
    with transaction.atomic():
        orders = [
            Order.objects.create(email=f"{name}@example.com", total_cents=1999)
            for name in ("ada", "bob")
        ]
        for order in orders:
            transaction.on_commit(lambda: sent.append(order.id))  # noqa: B023
        for order in orders:
            transaction.on_commit(functools.partial(sent.append, order.id))
    last = orders[-1].id
    assert sent == [last, last, orders[0].id, last]
