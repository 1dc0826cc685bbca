"""On RabbitMQ, Celery also gives an expiring message a TTL: the server drops it
while it waits in the queue, no worker sees it, and its result stays PENDING."""

import os
import signal
import time
from pathlib import Path

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


def test_an_expired_message_behind_a_live_one_waits_for_its_turn(
    no_worker_yet, rabbitmq_worker
):
    live = tasks.refresh_dashboard.apply_async((1,))  # no expiry, at the head
    expired = tasks.refresh_dashboard.apply_async((2,), expires=1)
    time.sleep(3)
    # RabbitMQ drops an expired message only once it reaches the head...
    assert queued(tasks.app) == 2
    worker = rabbitmq_worker(tasks.app, tasks)
    assert live.get(timeout=30)["team"] == 1
    # ...which it does once the live one is taken: dropped, not delivered.
    deadline = time.monotonic() + 30
    while queued(tasks.app):
        assert time.monotonic() < deadline, "RabbitMQ kept the expired message"
        time.sleep(0.2)
    assert expired.state == "PENDING"
    assert expired.id not in worker.output()


@pytest.fixture
def patient_consumer_timeout(rabbitmq_consumer_timeout):
    """A consumer_timeout of ten minutes (not the test server's 2 s) while the
    worker holds a message for seconds on purpose; the 2 s again after."""
    from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS

    rabbitmq_consumer_timeout(10 * 60 * 1000)
    yield
    rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)


def wait_for_state(result, state, timeout=30):
    deadline = time.monotonic() + timeout
    while result.state != state and time.monotonic() < deadline:
        time.sleep(0.1)
    return result.state


@pytest.mark.usefixtures("patient_consumer_timeout")
def test_a_countdown_a_worker_holds_is_revoked_when_it_expires(
    no_worker_yet, rabbitmq_worker
):
    worker = rabbitmq_worker(tasks.app, tasks)
    # TEST VALUES: due in 3 s, useless after 1 s. The worker takes it at once
    # and holds it for its countdown, out of the queue and its TTL.
    held = tasks.refresh_dashboard.apply_async((7,), countdown=3, expires=1)
    worker.wait_for_log(f"{held.id}] received")
    assert wait_for_state(held, "REVOKED") == "REVOKED"
    assert f"{held.id}] succeeded" not in worker.output()


@pytest.mark.usefixtures("patient_consumer_timeout")
def test_a_message_a_worker_took_before_it_expired_runs_late(
    no_worker_yet, rabbitmq_worker
):
    worker = rabbitmq_worker(tasks.app, tasks)
    worker.pause_pool()  # a busy pool: the worker prefetches what comes next
    # TEST VALUE: an expiry of seconds, as the snippet's ten minutes.
    late = tasks.refresh_dashboard.apply_async((7,), expires=2)
    worker.wait_for_log(f"Task tasks.refresh_dashboard[{late.id}] received")
    assert queued(tasks.app) == 0  # out of the queue: no TTL drops it now
    time.sleep(3)  # past its expiry, waiting for a free process
    resume_pool(worker)
    # The worker checked the expiry when it took the message, not now.
    assert late.get(timeout=30)["team"] == 7


def resume_pool(worker):
    pid = worker.process.pid
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        os.kill(int(child), signal.SIGCONT)
