"""On RabbitMQ with quorum queues and a topic exchange, Celery 5.5+ hands a
countdown to the broker (native delayed delivery): no worker holds it, so
consumer_timeout never closes a channel over it."""

import time
from contextlib import contextmanager
from datetime import timedelta

import pytest

from tests.short_countdowns.conftest import notifications, wait_for
from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("short_countdowns")
long_countdown = snippet("short_countdowns", "long_countdown")

pytestmark = pytest.mark.worker

QUORUM = {"task_default_queue_type": "quorum", "task_default_exchange_type": "topic"}
#: TEST VALUE: three times the test server's 2 s consumer_timeout.
COUNTDOWN = 6


@pytest.fixture
def short_consumer_timeout(rabbitmq_consumer_timeout):
    """The test server's own 2 s, which the countdown outlasts on purpose."""
    from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS

    rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)


@contextmanager
def quorum_queues(app):
    """``app`` with QUORUM in force, its queues declared anew from it (the app
    keeps the queues it built, with their exchange type, from first use)."""
    app.__dict__.pop("amqp", None)
    try:
        with configured(app, **QUORUM):
            yield app
    finally:
        app.__dict__.pop("amqp", None)


@pytest.mark.usefixtures("short_consumer_timeout")
def test_on_quorum_queues_the_broker_holds_the_countdown(rabbitmq_worker, reminders_db):
    worker = rabbitmq_worker(
        tasks.app, tasks, settings=QUORUM, env={"REMINDERS_DB": str(reminders_db)}
    )
    tasks.connect().close()  # creates the tables
    with quorum_queues(tasks.app):
        sent = time.monotonic()
        long_countdown.remind_later(7, timedelta(seconds=COUNTDOWN))
        time.sleep(COUNTDOWN / 2)  # past the consumer_timeout, not yet due
        assert "received" not in worker.output()  # the broker holds it
        wait_for(lambda: notifications(reminders_db) == 1)
    # Not early by whole seconds: RabbitMQ's timers and Celery's ETA keep the
    # wall clock, this test the monotonic one, which drift apart by milliseconds.
    assert time.monotonic() - sent >= COUNTDOWN - 0.5
    time.sleep(1)
    assert notifications(reminders_db) == 1
    assert worker.process.poll() is None  # still running
    assert "PreconditionFailed" not in worker.output()


class Published(Exception):
    """Raised in place of the publish: the test reads the delay Celery chose."""


@pytest.mark.parametrize("exchange_type", ["topic", "fanout"])
def test_any_exchange_but_direct_gets_the_delay_in_whole_seconds(
    rabbitmq_url, monkeypatch, exchange_type
):
    import celery.app.base

    delays = []

    def delayed_routing_key(countdown, routing_key):
        delays.append(countdown)
        raise Published

    monkeypatch.setattr(celery.app.base, "calculate_routing_key", delayed_routing_key)
    settings = {**QUORUM, "task_default_exchange_type": exchange_type}
    tasks.app.__dict__.pop("amqp", None)
    try:
        with (
            configured(tasks.app, broker_url=rabbitmq_url, **settings),
            pytest.raises(Published),
        ):
            tasks.send_reminder.apply_async((7,), countdown=2.9)
    finally:
        tasks.app.__dict__.pop("amqp", None)
    assert delays == [2]  # 2.9 s: the broker holds it for 2
