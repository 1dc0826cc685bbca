"""What the quorum-queues page says about RabbitMQ 3.10.8 itself, on plain
AMQP connections: no worker process."""

import logging
from pathlib import Path
from types import SimpleNamespace

import amqp
import celery
import kombu
import pytest
import redis
from amqp.exceptions import AMQPNotImplementedError, MessageNacked, PreconditionFailed
from celery.app.defaults import DEFAULTS
from celery.worker.consumer.tasks import Tasks
from kombu import Queue
from kombu.exceptions import OperationalError
from kombu.transport import pyamqp

from tests.graceful_shutdown.conftest import queued
from tests.quorum_queues.conftest import amqp_channel, policy_command, vhost_of
from tests.support.apps import configured
from tests.support.snippets import snippet

PAGE = Path(__file__).parents[2] / "docs/running-workers/quorum-queues.md"
tasks = snippet("quorum_queues")
direct = snippet("quorum_queues", "direct_exchange")
classic = snippet("real_broker")
#: No worker runs here: results would go nowhere (the snippets' Redis is not
#: this machine's).
NO_RESULTS = {"result_backend": "cache+memory://"}
KOMBU = tuple(int(part) for part in kombu.__version__.split(".")[:2])
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])

QUORUM = {"x-queue-type": "quorum"}


def declare(channel, name="celery", **arguments):
    channel.queue_declare(
        name, durable=True, auto_delete=False, arguments={**QUORUM, **arguments}
    )


def deliveries_until_gone(url, most=40):
    """Publish one message (confirmed) and reject it back to the queue, as a
    lost worker's message is put back, until RabbitMQ stops delivering it."""
    with amqp_channel(url, confirm_publish=True) as channel:
        declare(channel)
        channel.basic_publish(amqp.Message("poison"), routing_key="celery")
        counts = []
        while len(counts) < most:
            message = channel.basic_get("celery")
            if message is None:
                break
            counts.append(message.headers["x-delivery-count"])
            channel.basic_reject(message.delivery_tag, requeue=True)
        return counts, channel.queue_declare("celery", passive=True).message_count


def test_the_pages_policy_drops_a_message_after_its_delivery_limit(
    rabbitmq_url, rabbitmqctl
):
    rabbitmqctl(*policy_command(vhost_of(rabbitmq_url)))
    counts, left = deliveries_until_gone(rabbitmq_url)
    assert counts == list(range(21))  # delivered 21 times, put back 21 times
    assert left == 0


def test_rabbitmq_3_10_sets_no_delivery_limit_of_its_own(rabbitmq_url):
    counts, _ = deliveries_until_gone(rabbitmq_url)
    assert counts == list(range(40))  # and on


def test_a_quorum_queue_refuses_a_consumer_with_global_qos(rabbitmq_url):
    with amqp_channel(rabbitmq_url) as channel:
        declare(channel)
        channel.basic_qos(0, 4, True)
        refused = "does not support global qos"
        with pytest.raises(AMQPNotImplementedError, match=refused):
            channel.basic_consume("celery", callback=lambda message: None)


# Celery's side -------------------------------------------------------------


def worker_qos_global(app):
    """What a worker's task consumer asks RabbitMQ for: global QoS (one window
    for the channel) or per-consumer QoS."""
    with app.connection_for_write() as connection:
        connection.connect()
        consumer = SimpleNamespace(app=app, connection=connection)
        return Tasks.qos_global(None, consumer)


def test_on_quorum_queues_the_worker_asks_for_per_consumer_qos(rabbitmq_url):
    with configured(tasks.app, broker_url=rabbitmq_url):
        assert worker_qos_global(tasks.app) is False
        # Turning the detection off brings back the global QoS that quorum
        # queues refuse (the test above).
        with configured(tasks.app, worker_detect_quorum_queues=False):
            assert worker_qos_global(tasks.app) is True
        # Celery reads the type from the queues it declares, not the server.
        with configured(tasks.app, task_queues=[Queue("celery")]):
            assert worker_qos_global(tasks.app) is True
        quorum = Queue("celery", queue_arguments={"x-queue-type": "quorum"})
        with configured(tasks.app, task_queues=[quorum]):
            assert worker_qos_global(tasks.app) is False
    assert DEFAULTS["worker_detect_quorum_queues"] is True
    # Classic queues, Celery's default, on RabbitMQ 3.x: global QoS.
    with configured(classic.app, broker_url=rabbitmq_url):
        assert worker_qos_global(classic.app) is True


def sent_until_refused(most):
    """How many ``charge.delay`` calls returned before one raised, and what it
    raised."""
    for order_id in range(most):
        try:
            tasks.charge.delay(order_id)
        except Exception as error:
            return order_id, error
    return most, None


def test_confirm_publish_raises_for_a_message_rabbitmq_refuses(
    rabbitmq_url, rabbitmqctl
):
    # TEST DEVICE: a queue that holds one message and refuses publishes past it
    # (RabbitMQ's overflow setting): a refusal, as a broker short of disk or of
    # a quorum of nodes refuses.
    vhost = vhost_of(rabbitmq_url)
    rabbitmqctl(
        "rabbitmqctl", "set_policy", "-p", vhost, "--apply-to", "queues", "full",
        "^celery$", '{"max-length": 1, "overflow": "reject-publish"}',
    )  # fmt: skip
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS):
        returned, refused = sent_until_refused(10)
        assert isinstance(refused, OperationalError)
        assert isinstance(refused.__cause__, MessageNacked)
        assert 0 < returned < 10
        assert queued(tasks.app) == returned  # each send that returned is kept
        # Without confirms every send returns, and the broker drops them.
        with configured(tasks.app, broker_transport_options={}):
            for order_id in range(10, 15):
                tasks.charge.delay(order_id)
        with (
            amqp_channel(rabbitmq_url, confirm_publish=True) as channel,
            pytest.raises(MessageNacked),  # still full
        ):
            channel.basic_publish(amqp.Message("{}"), routing_key="celery")
        assert queued(tasks.app) == returned


def test_without_a_topic_exchange_a_countdown_stays_with_the_worker(
    rabbitmq_url, monkeypatch
):
    # Celery's own logger, read directly: a worker set up earlier in this test
    # process may have turned its propagation to pytest's capture off.
    logger = logging.getLogger("celery.app.base")
    warned = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())
    monkeypatch.setattr(logger, "disabled", False)
    level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        with configured(direct.app, broker_url=rabbitmq_url, **NO_RESULTS):
            direct.send_reminder.apply_async((7,), countdown=60)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert any(
        "Direct exchanges are not supported with native delayed delivery" in message
        for message in warned
    )


def test_remote_control_queues_are_exclusive_from_celery_5_7():
    """RabbitMQ 4.3 refuses queues that are neither durable nor exclusive
    (reported); a worker declares one such queue for remote control."""
    queue = tasks.app.control.mailbox.get_queue("worker1@host")
    assert queue.durable is False
    assert queue.exclusive is (CELERY >= (5, 7))


@pytest.mark.parametrize(
    ("version", "per_consumer"),
    [("3.10.8", False), ("3.13.7", False), ("4.0.1", KOMBU >= (5, 7))],
)
def test_kombu_5_7_asks_for_per_consumer_qos_on_rabbitmq_4(version, per_consumer):
    """kombu reads the server's version: global QoS on RabbitMQ 3.3 to 3.x;
    from kombu 5.7, per-consumer QoS on RabbitMQ 4.0 and later, classic
    queues too (kombu 5.5 asks for global QoS there; 5.6 is not checked)."""
    if version.startswith("4") and (5, 5) < KOMBU < (5, 7):
        pytest.skip("not checked on kombu 5.6")
    server = SimpleNamespace(
        server_properties={"product": "RabbitMQ", "version": version}
    )
    assert pyamqp.Transport.qos_semantics_matches_spec(None, server) is per_consumer


def test_the_page_names_the_servers_its_proofs_ran_on(rabbitmq_url, redis_url):
    with amqp_channel(rabbitmq_url) as channel:
        rabbitmq = channel.connection.server_properties["version"]
    with redis.Redis.from_url(redis_url) as client:
        results = client.info("server")["redis_version"]
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    assert f"Proved on Redis {results} and RabbitMQ {rabbitmq}." in text
    assert text.count("Proved on") == 1


def test_rabbitmq_refuses_to_declare_a_classic_queue_as_quorum(rabbitmq_url):
    with amqp_channel(rabbitmq_url) as channel:
        channel.queue_declare("celery", durable=True, auto_delete=False)
    with (
        amqp_channel(rabbitmq_url) as channel,
        pytest.raises(PreconditionFailed, match="inequivalent arg 'x-queue-type'"),
    ):
        declare(channel)
