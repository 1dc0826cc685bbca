"""The running-workers behaviours that depend on the broker, on RabbitMQ.

One module, so that one test process starts RabbitMQ for all of them (the
server takes 10-20 s to start on two busy cores).
"""

import contextlib
import socket
import time

import amqp
import pytest

from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS
from tests.support.snippets import snippet

tasks = snippet("real_broker")

pytestmark = pytest.mark.worker


def test_a_worker_on_rabbitmq_answers_ping_and_runs_tasks(rabbitmq_worker):
    worker = rabbitmq_worker(tasks.app, tasks)
    assert tasks.send_receipt.delay(7).get(timeout=20) == "receipt for order 7 sent"
    replies = tasks.app.control.inspect(timeout=10, limit=1).ping()
    assert replies == {
        worker.hostname.replace("%h", socket.gethostname()): {"ok": "pong"}
    }


def test_consumer_timeout_closes_a_channel_that_holds_a_message_too_long(
    rabbitmq_url,
):
    """The test server's consumer_timeout (2 s, test-only; 30 min by default)."""
    host, vhost = rabbitmq_url.removeprefix("amqp://guest:guest@").split("/", 1)
    with amqp.Connection(host, virtual_host=vhost) as connection:
        publisher = connection.channel()
        publisher.queue_declare("work")
        publisher.basic_publish(amqp.Message("job"), routing_key="work")
        consumer = connection.channel()
        delivered = []
        consumer.basic_consume("work", callback=delivered.append)  # never acked
        with pytest.raises(amqp.PreconditionFailed, match="acknowledgement") as closed:
            wait_for_events(connection, seconds=30)
        assert len(delivered) == 1
        assert f"{RABBITMQ_CONSUMER_TIMEOUT_MS} ms" in str(closed.value)


def wait_for_events(connection: amqp.Connection, seconds: float) -> None:
    """Handle what the broker sends for ``seconds``; raises what it raises."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(TimeoutError):
            connection.drain_events(timeout=0.2)
