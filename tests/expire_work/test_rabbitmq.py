"""On RabbitMQ, Celery also gives an expiring message a TTL: the server drops it
while it waits in the queue, no worker sees it, and its result stays PENDING."""

import time

import pytest
from kombu import Connection

from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("expire_work")

pytestmark = pytest.mark.worker


def queued(app) -> int:
    """Messages waiting in the app's default queue."""
    with app.connection_for_write() as connection:
        bound = app.amqp.queues["celery"].bind(connection.default_channel)
        return bound.queue_declare().message_count


@pytest.fixture
def no_worker_yet(rabbitmq_url, clean_redis):
    """The snippet's app on this test's virtual host, results in Redis, no
    worker running (as during an outage)."""
    with configured(tasks.app, broker_url=rabbitmq_url, result_backend=clean_redis):
        yield tasks.app


def test_the_call_carries_its_expiry_as_the_message_ttl(no_worker_yet, rabbitmq_url):
    tasks.request_refresh(7)
    with Connection(rabbitmq_url) as connection:
        message = connection.SimpleQueue("celery").get(timeout=10)
        message.ack()
    # expires=600 becomes the AMQP expiration property, in milliseconds.
    assert message.properties["expiration"] == "600000"


def test_a_message_that_expires_in_the_queue_is_dropped_and_stays_pending(
    no_worker_yet, rabbitmq_worker
):
    # TEST VALUE: an expiry of seconds, as the snippet's ten minutes.
    expired = tasks.refresh_dashboard.apply_async((7,), expires=2)
    assert queued(tasks.app) == 1
    deadline = time.monotonic() + 30
    while queued(tasks.app):  # the server drops it: no worker is running
        assert time.monotonic() < deadline, "RabbitMQ kept the expired message"
        time.sleep(0.2)
    worker = rabbitmq_worker(tasks.app, tasks)
    fresh = tasks.request_refresh(8)
    assert fresh.get(timeout=30)["team"] == 8
    # The worker never saw the expired message: nothing marked it REVOKED.
    assert expired.state == "PENDING"
    assert expired.id not in worker.output()


def test_an_expired_message_behind_a_live_one_waits_for_its_turn(no_worker_yet):
    tasks.refresh_dashboard.apply_async((1,))  # no expiry, at the head
    tasks.refresh_dashboard.apply_async((2,), expires=1)
    time.sleep(3)
    # RabbitMQ drops an expired message only once it reaches the head.
    assert queued(tasks.app) == 2
