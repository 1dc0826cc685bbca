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
    assert time.monotonic() - sent >= COUNTDOWN
    time.sleep(1)
    assert notifications(reminders_db) == 1
    assert worker.process.poll() is None  # still running
    assert "PreconditionFailed" not in worker.output()
