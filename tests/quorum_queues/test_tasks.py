"""The page's app on RabbitMQ 3.10.8: quorum queues, per-consumer QoS, and a
countdown past the consumer_timeout held by the broker, not the worker."""

import time

import pytest
from amqp.exceptions import PreconditionFailed

from tests.quorum_queues.conftest import amqp_channel, vhost_of
from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("quorum_queues")

pytestmark = pytest.mark.worker

#: TEST VALUE: three times the test server's 2 s consumer_timeout.
COUNTDOWN = 6


@pytest.fixture(scope="module")
def worker(
    new_rabbitmq_vhost, new_redis_db, tmp_path_factory, rabbitmq_consumer_timeout
):
    """One prefork worker of the page's app for the module's tests, on the test
    server's 2 s consumer_timeout."""
    from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS

    rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)
    url = new_rabbitmq_vhost()
    workdir = tmp_path_factory.mktemp("quorum")
    with snippet_worker(
        tasks.app, tasks, url, workdir, result_backend=new_redis_db()
    ) as running:
        running.broker_url = url
        yield running


def test_the_worker_consumes_a_quorum_queue_with_per_consumer_qos(worker, rabbitmqctl):
    assert tasks.charge.delay(42).get(timeout=30) == "order 42 charged"
    # Celery 5.5 and 5.6 log "Prefetch count in now static", 5.7 "is now".
    assert "Global QoS is disabled. Prefetch count" in worker.output()
    # The task queue, and the 28 delayed-delivery queues the worker declared
    # at start (broker_native_delayed_delivery_queue_type), are quorum queues.
    out = rabbitmqctl(
        "rabbitmqctl", "list_queues", "-p", vhost_of(worker.broker_url), "name", "type"
    )
    types = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
    delayed = {f"celery_delayed_{level}" for level in range(28)}
    assert {name for name in types if name.startswith("celery_delayed")} == delayed
    assert {types[name] for name in {"celery", *delayed}} == {"quorum"}
    # And 29 exchanges: one per level, and celery_delayed_delivery.
    out = rabbitmqctl(
        "rabbitmqctl", "list_exchanges", "-p", vhost_of(worker.broker_url),
        "name", "type",
    )  # fmt: skip
    kinds = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
    exchanges = {name for name in kinds if name.startswith("celery_delayed")}
    assert exchanges == {*delayed, "celery_delayed_delivery"}
    assert {kinds[name] for name in exchanges} == {"topic"}
    with (
        amqp_channel(worker.broker_url) as channel,
        pytest.raises(PreconditionFailed, match="inequivalent arg 'x-queue-type'"),
    ):
        channel.queue_declare(
            "celery", durable=True, auto_delete=False,
            arguments={"x-queue-type": "classic"},
        )  # fmt: skip


def test_a_countdown_past_the_consumer_timeout_runs_when_due(worker):
    sent = time.monotonic()
    result = tasks.send_reminder.apply_async((7,), countdown=COUNTDOWN)
    time.sleep(COUNTDOWN / 2)  # past the consumer_timeout, not yet due
    assert result.id not in worker.output()  # the broker holds it
    assert result.get(timeout=60) == "reminder for order 7 sent"
    # Not early by whole seconds: RabbitMQ's TTL and Celery's ETA run on the
    # wall clock, this test on the monotonic one, so they differ by
    # milliseconds (no zero-tolerance timing assertion).
    assert time.monotonic() - sent >= COUNTDOWN - 0.5
    assert worker.process.poll() is None  # still running
    assert "PreconditionFailed" not in worker.output()
