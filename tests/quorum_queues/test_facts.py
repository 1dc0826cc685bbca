"""What the quorum-queues page says about RabbitMQ 3.10.8 itself, on plain
AMQP connections: no worker process."""

import logging
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import amqp
import celery
import kombu
import pytest
import redis
from amqp.exceptions import (
    AMQPNotImplementedError,
    MessageNacked,
    NotFound,
    PreconditionFailed,
)
from celery import Celery
from celery.app.defaults import DEFAULTS
from celery.worker.consumer.tasks import Tasks
from kombu import Queue
from kombu.exceptions import OperationalError
from kombu.transport import pyamqp
from kombu.transport.native_delayed_delivery import (
    bind_queue_to_native_delayed_delivery_exchange,
    calculate_routing_key,
    declare_native_delayed_delivery_exchanges_and_queues,
)

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


def test_a_dead_letter_exchange_in_the_same_policy_keeps_the_message(
    rabbitmq_url, rabbitmqctl
):
    vhost = vhost_of(rabbitmq_url)
    words = policy_command(vhost, limit=2)
    words[-1] = words[-1].replace("}", ', "dead-letter-exchange": "dead"}')
    rabbitmqctl(*words)
    with amqp_channel(rabbitmq_url) as channel:
        channel.exchange_declare("dead", "fanout", durable=True, auto_delete=False)
        declare(channel, "dead")
        channel.queue_bind("dead", "dead")
    counts, left = deliveries_until_gone(rabbitmq_url)
    assert (counts, left) == ([0, 1, 2], 0)
    with amqp_channel(rabbitmq_url) as channel:
        assert channel.queue_declare("dead", passive=True).message_count == 1


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


def records_of(name, monkeypatch):
    """The records logger ``name`` emits from here on, at any level, read from
    the logger itself: a worker set up earlier in this test process may have
    turned its propagation to pytest's capture off."""
    logger = logging.getLogger(name)
    records = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    monkeypatch.setattr(logger, "disabled", False)
    monkeypatch.setattr(logger, "level", logging.DEBUG)
    monkeypatch.setattr(logger, "handlers", [*logger.handlers, handler])
    return records


def test_on_quorum_queues_the_worker_asks_for_per_consumer_qos(
    rabbitmq_url, monkeypatch
):
    logged = records_of("celery.worker.consumer.tasks", monkeypatch)
    with configured(tasks.app, broker_url=rabbitmq_url):
        assert worker_qos_global(tasks.app) is False
    # At INFO: below a worker's default level, WARNING (-l INFO shows it).
    (record,) = [r for r in logged if "Global QoS is disabled" in r.getMessage()]
    assert record.levelno == logging.INFO
    with configured(tasks.app, broker_url=rabbitmq_url):
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
    rabbitmq_url, rabbitmqctl, monkeypatch
):
    # TEST DEVICE: a queue that holds one message and refuses publishes past it
    # (RabbitMQ's overflow setting): a refusal, as a broker short of disk or of
    # a quorum of nodes refuses.
    vhost = vhost_of(rabbitmq_url)
    rabbitmqctl(
        "rabbitmqctl", "set_policy", "-p", vhost, "--apply-to", "queues", "full",
        "^celery$", '{"max-length": 1, "overflow": "reject-publish"}',
    )  # fmt: skip
    publishes = []
    confirmed = amqp.Channel.basic_publish_confirm

    def counted(channel, *args, **kwargs):
        publishes.append(1)
        return confirmed(channel, *args, **kwargs)

    monkeypatch.setattr(amqp.Channel, "basic_publish_confirm", counted)
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS):
        returned, refused = sent_until_refused(10)
        assert isinstance(refused, OperationalError)
        assert isinstance(refused.__cause__, MessageNacked)
        assert str(refused) == ""  # what the reader sees: no text
        assert 0 < returned < 10
        # Celery retried the refused message (task_publish_retry_policy, 3
        # retries): MessageNacked is a recoverable error to py-amqp.
        assert len(publishes) == returned + 4
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
            # Sent, not refused, under a second (a worker holds it).
            direct.send_reminder.apply_async((7,), countdown=0.5)
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
    if CELERY >= (5, 6):  # control_queue_exclusive, from Celery 5.6
        app = Celery(set_as_current=False)
        app.conf.control_queue_exclusive = True
        assert app.control.mailbox.get_queue("worker1@host").exclusive is True


@pytest.mark.parametrize(
    ("version", "per_consumer"),
    [("3.10.8", False), ("3.13.7", False), ("4.0.1", KOMBU >= (5, 7))],
)
def test_kombu_5_7_asks_for_per_consumer_qos_on_rabbitmq_4(version, per_consumer):
    """kombu reads the server's version: global QoS on RabbitMQ 3.3 to 3.x;
    from kombu 5.7, per-consumer QoS on RabbitMQ 4.0 and later, classic
    queues too (kombu 5.5 and 5.6 ask for global QoS there)."""
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


def delayed_messages(url):
    """Messages in the 28 ``celery_delayed_*`` queues of ``url``'s vhost."""
    with amqp_channel(url) as channel:
        return sum(
            channel.queue_declare(f"celery_delayed_{level}", passive=True).message_count
            for level in range(28)
        )


def test_a_countdown_under_one_second_raises_on_a_topic_exchange(rabbitmq_url):
    """Native delayed delivery takes whole seconds and refuses 0 (kombu's
    calculate_routing_key): a countdown or ETA between 0 and 1 s raises in
    apply_async, before anything is sent."""
    refused = "countdown must be a positive number"
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS):
        for countdown in (0.5, 0.99):
            with pytest.raises(ValueError, match=refused):
                tasks.send_reminder.apply_async((7,), countdown=countdown)
        one_second = tasks.app.now() + timedelta(seconds=1)
        with pytest.raises(ValueError, match=refused):
            tasks.send_reminder.apply_async((7,), eta=one_second)
        # No countdown, or an ETA already past: sent at once.
        declare_as_a_worker(tasks.app)
        tasks.send_reminder.apply_async((7,), countdown=0)
        past = tasks.app.now() - timedelta(seconds=1)
        tasks.send_reminder.apply_async((7,), eta=past)
        assert queued(tasks.app) == 2


def test_before_any_worker_started_a_countdown_has_nowhere_to_go(rabbitmq_url):
    """The delayed-delivery exchanges, and the task queue's bindings to them,
    are declared by a worker as it starts; a countdown is published to
    celery_delayed_27."""
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS):
        with pytest.raises(NotFound, match="no exchange 'celery_delayed_27'"):
            tasks.send_reminder.apply_async((7,), countdown=60)
        # Without confirm_publish apply_async returns, and the message is gone.
        with configured(tasks.app, broker_transport_options={}):
            tasks.send_reminder.apply_async((7,), countdown=60)
        assert queued(tasks.app) == 0
        with (
            amqp_channel(rabbitmq_url) as channel,
            pytest.raises(NotFound),
        ):
            channel.exchange_declare("celery_delayed_27", "topic", passive=True)
        # Declared as a worker declares them at start: the countdown is kept.
        with tasks.app.connection_for_write() as connection:
            queue = tasks.app.amqp.queues["celery"]
            queue.bind(connection.default_channel).declare()
            declare_native_delayed_delivery_exchanges_and_queues(connection, "quorum")
            bind_queue_to_native_delayed_delivery_exchange(connection, queue)
        tasks.send_reminder.apply_async((7,), countdown=60)
    assert delayed_messages(rabbitmq_url) == 1


def test_queues_celery_creates_for_a_route_follow_the_pages_settings():
    """A queue that is not declared (queue="emails", task_routes, -Q emails)
    is created by Celery from task_create_missing_queue_type and
    task_create_missing_queue_exchange_type (Celery 5.6 and later), not from
    task_default_queue_type."""
    # A new set of the app's queues: app.amqp.queues would keep "emails" for
    # the other tests here.
    emails = tasks.app.amqp.Queues({})["emails"]
    if CELERY >= (5, 6):
        assert emails.queue_arguments == QUORUM
        assert emails.exchange.type == "topic"
    else:  # 5.5: classic, on a direct exchange, whatever the settings
        assert not emails.queue_arguments
        assert emails.exchange.type == "direct"
    # Without the two settings: a classic queue on a direct exchange.
    bare = Celery(set_as_current=False)
    bare.conf.update(
        task_default_queue_type="quorum", task_default_exchange_type="topic"
    )
    emails = bare.amqp.Queues({})["emails"]
    assert not emails.queue_arguments
    assert emails.exchange.type == "direct"
    assert bare.amqp.queues["celery"].queue_arguments == QUORUM


def test_rabbitmq_refuses_a_queue_declared_without_its_quorum_type(rabbitmq_url):
    """A task_queues entry Queue("celery") on a server whose celery is a quorum
    queue: the worker's declare is refused before any QoS is asked for."""
    with amqp_channel(rabbitmq_url) as channel:
        declare(channel)
    with (
        amqp_channel(rabbitmq_url) as channel,
        pytest.raises(PreconditionFailed, match="inequivalent arg 'x-queue-type'"),
    ):
        channel.queue_declare("celery", durable=True, auto_delete=False)


def declare_as_a_worker(app, name="celery"):
    """Declare ``app``'s queue ``name`` and its exchange, as a worker does."""
    with app.connection_for_write() as connection:
        app.amqp.queues[name].bind(connection.default_channel).declare()


def test_an_exchange_keeps_its_type(rabbitmq_url):
    """Moving to the page's settings on an old broker: the celery exchange a
    classic-queue app declared is direct, and stays so once the queue is gone."""
    with configured(classic.app, broker_url=rabbitmq_url, **NO_RESULTS):
        declare_as_a_worker(classic.app)
    with amqp_channel(rabbitmq_url) as channel:
        channel.queue_delete("celery")
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS):
        refused = "inequivalent arg 'type' for exchange 'celery'"
        with pytest.raises(PreconditionFailed, match=refused):
            declare_as_a_worker(tasks.app)
    # A new queue name brings a new exchange (task_default_exchange follows it).
    with configured(
        tasks.app, broker_url=rabbitmq_url, task_default_queue="tasks", **NO_RESULTS
    ):
        assert tasks.app.conf.task_default_exchange == "tasks"


def test_kombu_5_7_replaces_a_previous_delay_in_the_routing_key():
    """A delayed retry's routing key, built on the key of the delivery it came
    from (reported in kombu 5.7's calculate_routing_key): kombu 5.7 replaces the
    previous delay's 28 bits, kombu 5.5 and 5.6 add 28 more (56 characters)."""
    once = calculate_routing_key(5, "celery")
    again = calculate_routing_key(5, once)
    if KOMBU >= (5, 7):
        assert again == once
    else:
        assert again.endswith(f".{once}")
        assert len(again) == len(once) + 56
