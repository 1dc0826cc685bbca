"""Not this: quorum queues on Celery's default direct exchange. No native
delayed delivery: the worker holds a countdown, its prefetch window stays
full, and past consumer_timeout RabbitMQ closes the channel."""

import pytest

from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS
from tests.graceful_shutdown.conftest import queued
from tests.support.apps import configured
from tests.support.snippets import snippet

direct = snippet("quorum_queues", "direct_exchange")

pytestmark = pytest.mark.worker

#: TEST VALUE: a consumer_timeout longer than the test, where a test needs the
#: worker to hold a countdown without the 2 s limit closing its channel.
LONG_TIMEOUT_MS = 120_000


def test_a_held_countdown_stops_the_worker_and_blocks_the_queue(
    rabbitmq_worker, rabbitmq_consumer_timeout
):
    rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)
    worker = rabbitmq_worker(direct.app, direct)
    later = direct.send_reminder.apply_async((7,), countdown=600)
    worker.wait_for_log(later.id)  # the worker holds it
    now = direct.send_reminder.delay(8)
    assert worker.process.wait(timeout=60) != 0
    log = worker.output()
    # kombu's warning as the worker starts, the first a reader sees.
    assert (
        "Exchange celery is a direct exchange and native delayed delivery"
        " do not support direct exchanges."
    ) in log
    assert "Unrecoverable error: PreconditionFailed" in log
    # Its prefetch window (one message) was full: the task due now never
    # reached it. Both messages are back in the queue.
    assert now.id not in log
    assert queued(direct.app) == 2


def test_on_a_classic_queue_a_held_countdown_leaves_room(
    rabbitmq_worker, rabbitmq_consumer_timeout
):
    """The contrast: with global QoS Celery raises the window for each
    countdown the worker holds."""
    classic = {"task_default_queue_type": "classic"}
    rabbitmq_consumer_timeout(LONG_TIMEOUT_MS)
    try:
        worker = rabbitmq_worker(direct.app, direct, settings=classic)
        with configured(direct.app, **classic):
            later = direct.send_reminder.apply_async((7,), countdown=600)
            worker.wait_for_log(later.id)
            assert direct.send_reminder.delay(8).get(timeout=30) == (
                "reminder for order 8 sent"
            )
    finally:
        rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)
