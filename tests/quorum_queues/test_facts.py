"""What the quorum-queues page says about RabbitMQ 3.10.8 itself, on plain
AMQP connections: no worker process."""

import contextlib
import logging
import re
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

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
from celery.exceptions import Retry
from celery.worker.consumer.tasks import Tasks
from kombu import Exchange, Queue
from kombu.exceptions import OperationalError
from kombu.transport import pyamqp
from kombu.transport.native_delayed_delivery import (
    bind_queue_to_native_delayed_delivery_exchange,
    calculate_routing_key,
    declare_native_delayed_delivery_exchanges_and_queues,
)

from tests.graceful_shutdown.conftest import queued
from tests.quorum_queues.conftest import (
    amqp_channel,
    policy_command,
    vhost_of,
    wait_until,
)
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
    # The whole line, as each release writes it.
    static = "is now static" if CELERY >= (5, 7) else "in now static"
    assert record.getMessage() == f"Global QoS is disabled. Prefetch count {static}."
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


def test_without_a_topic_exchange_a_countdown_is_sent_with_celerys_warning(
    rabbitmq_url, monkeypatch
):
    """The sending side: Celery warns and sends the countdown to the direct
    exchange (test_direct_exchange.py shows the worker then holding it)."""
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
    queue: its declare is refused (a worker asks for QoS first, then declares
    its queues, and stops there)."""
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
    """A delay's key built on a key that already carries a delay: kombu 5.7
    replaces the previous delay's 28 bits, kombu 5.5 and 5.6 add 28 more (56
    characters). When a retry hands kombu such a key: the test below."""
    once = calculate_routing_key(5, "celery")
    again = calculate_routing_key(5, once)
    if KOMBU >= (5, 7):
        assert again == once
    else:
        assert again.endswith(f".{once}")
        assert len(again) == len(once) + 56


def delayed_retry(app, task, **request):
    """Retry ``task`` with ``countdown=5``, as a worker does for the delivery
    described by ``request`` (the delivery was itself delayed: its routing key
    carries a delay's prefix). The producer is mocked: nothing is sent, and
    what would be published is returned, with the key of the first delay."""
    first = calculate_routing_key(5, "celery")
    sent = {}

    def send_task_message(producer, name, message, **options):
        sent.update(options, message=message)

    delivery = {"exchange": "celery_delayed_delivery", "routing_key": first}
    with (
        mock.patch.object(app.amqp, "send_task_message", send_task_message),
        mock.patch.object(app, "producer_or_acquire") as acquire,
    ):
        acquire.return_value.__enter__.return_value = mock.MagicMock()
        task.push_request(
            id="retried", args=(7,), kwargs={}, retries=0, is_eager=False,
            called_directly=False, hostname="w@h",
            delivery_info={**delivery, "priority": None, "redelivered": False},
            **request,
        )  # fmt: skip
        try:
            with pytest.raises(Retry):
                task.retry(countdown=5)
        finally:
            task.pop_request()
    return first, sent


def test_a_delayed_retry_grows_the_key_only_on_a_route_naming_no_queue():
    """A retry is given the routing key of the delivery it came from; Celery
    uses it only when routing gives no queue: a task_routes entry with an
    exchange and a routing key but no queue (the default queue, and a route
    naming a queue, use the queue's key)."""
    with configured(tasks.app, **NO_RESULTS):
        first, sent = delayed_retry(tasks.app, tasks.send_reminder)
    assert sent["routing_key"] == first  # the default queue: every release
    if CELERY >= (5, 6):  # on 5.5 a routed queue is direct: no delay prefix
        routes = {tasks.send_reminder.name: {"queue": "emails"}}
        with configured(tasks.app, task_routes=routes, **NO_RESULTS):
            _, sent = delayed_retry(tasks.app, tasks.send_reminder)
        assert sent["routing_key"] == calculate_routing_key(5, "emails")
    no_queue = {"exchange": "celery", "exchange_type": "topic", "routing_key": "celery"}
    routes = {tasks.send_reminder.name: no_queue}
    with configured(tasks.app, task_routes=routes, **NO_RESULTS):
        first, sent = delayed_retry(tasks.app, tasks.send_reminder)
    if KOMBU >= (5, 7):
        assert sent["routing_key"] == first
    else:  # 56 more characters with every delayed retry, up to AMQP's 255
        assert sent["routing_key"].endswith(f".{first}")
        assert len(sent["routing_key"]) == len(first) + 56


def test_from_celery_5_6_a_retry_leaves_out_rabbitmqs_dead_letter_headers():
    """A delayed message comes back from celery_delayed_N with RabbitMQ's
    x-death headers; 5.5 sends them on with the retry (which RabbitMQ before
    4.0.1 drops as a dead-letter cycle: reported, celery/celery#9867)."""
    death = {
        "x-death": [{"queue": "celery_delayed_0", "reason": "expired"}],
        "x-first-death-queue": "celery_delayed_0",
        "x-last-death-reason": "expired",
    }
    with configured(tasks.app, **NO_RESULTS):
        _, sent = delayed_retry(tasks.app, tasks.send_reminder, **death)
    headers = sent["headers"]  # published as the message's headers
    if CELERY >= (5, 6):
        assert not set(death) & set(headers)
    else:
        assert {name: headers[name] for name in death} == death


#: On Celery 5.5 a routed queue is listed in task_queues (the page's advice).
ROUTED_5_5 = (
    {}
    if CELERY >= (5, 6)
    else {
        "task_queues": [
            Queue(name, Exchange(name, "topic"), name, queue_arguments=QUORUM)
            for name in ("celery", "emails")
        ]
    }
)


def declare_as_a_worker_of_celery_alone(app):
    """What a started worker consuming only ``celery`` declares on a vhost
    where ``emails`` is unknown to its app: the ladder, and celery's binding."""
    with app.connection_for_write() as connection:
        queue = app.amqp.queues["celery"]
        queue.bind(connection.default_channel).declare()
        declare_native_delayed_delivery_exchanges_and_queues(connection, "quorum")
        bind_queue_to_native_delayed_delivery_exchange(connection, queue)


def test_a_countdown_to_a_queue_no_started_worker_lists_is_dropped(rabbitmq_url):
    """The delayed publish goes to celery_delayed_27 without the queue (so the
    sender neither declares nor binds it); only a started worker whose app
    lists the queue binds it to celery_delayed_delivery."""
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS, **ROUTED_5_5):
        declare_as_a_worker_of_celery_alone(tasks.app)
        tasks.send_reminder.apply_async((1,), queue="emails")  # declares emails
        assert queued(tasks.app, "emails") == 1

        def delivered_a_second_later(order_id):
            # confirm_publish is on: RabbitMQ confirms the publish, no error.
            sent = time.monotonic()
            tasks.send_reminder.apply_async((order_id,), queue="emails", countdown=1)
            wait_until(
                lambda: (
                    time.monotonic() - sent > 1 and delayed_messages(rabbitmq_url) == 0
                ),
                "the countdown stayed in celery_delayed_*",
            )

        delivered_a_second_later(2)
        assert queued(tasks.app, "emails") == 1  # the countdown is gone
        # Control: bound, as a started worker listing emails binds it.
        with tasks.app.connection_for_write() as connection:
            emails = tasks.app.amqp.queues["emails"]
            bind_queue_to_native_delayed_delivery_exchange(connection, emails)
        delivered_a_second_later(3)
        wait_until(lambda: queued(tasks.app, "emails") == 2, "never delivered")


def test_the_pages_policy_covers_the_queues_the_pages_app_declares(
    rabbitmq_url, rabbitmqctl
):
    vhost = vhost_of(rabbitmq_url)
    rabbitmqctl(*policy_command(vhost))
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS, **ROUTED_5_5):
        declare_as_a_worker(tasks.app)
        declare_as_a_worker(tasks.app, "emails")  # the routed queue
    out = rabbitmqctl("rabbitmqctl", "list_queues", "-p", vhost, "name", "policy")
    policies = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
    assert policies["celery"] == policies["emails"] == "delivery-limit"


def test_a_sender_without_the_pages_settings_is_refused(rabbitmq_url):
    """Whether a countdown goes to RabbitMQ is decided in the sending process,
    from its own queues: one without the page's settings declares the queue
    and exchange as classic and direct, and RabbitMQ refuses."""
    with configured(tasks.app, broker_url=rabbitmq_url, **NO_RESULTS):
        declare_as_a_worker_of_celery_alone(tasks.app)
        for settings in ({}, {"task_default_queue_type": "quorum"}):
            sender = Celery(broker=rabbitmq_url, set_as_current=False)
            sender.conf.update(settings, **NO_RESULTS)
            try:
                with pytest.raises(PreconditionFailed, match="inequivalent arg"):
                    sender.send_task(tasks.send_reminder.name, (7,), countdown=60)
            finally:
                sender.close()
        assert queued(tasks.app) == 0
        # The page's app, the same countdown: held by RabbitMQ.
        tasks.send_reminder.apply_async((7,), countdown=60)
    assert delayed_messages(rabbitmq_url) == 1


def deliveries_after_raising_the_prefetch(url, quorum, apply_global):
    """Three messages; a consumer with a prefetch of 1 gets one; the prefetch
    is raised to 2 while it runs: how many has it got then?"""
    name = "quorum_window" if quorum else "classic_window"
    with amqp_channel(url) as channel:
        arguments = QUORUM if quorum else {}
        channel.queue_declare(
            name, durable=True, auto_delete=False, arguments=arguments
        )
        for number in range(3):
            channel.basic_publish(amqp.Message(str(number)), routing_key=name)
        got = []
        channel.basic_qos(0, 1, apply_global)
        channel.basic_consume(name, callback=got.append)
        channel.connection.drain_events(timeout=30)
        assert len(got) == 1
        channel.basic_qos(0, 2, apply_global)  # what Celery does for a countdown
        deadline = time.monotonic() + (30 if apply_global else 1)
        while len(got) < 2 and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                channel.connection.drain_events(timeout=0.2)
        return len(got)


def test_a_raised_prefetch_reaches_a_running_consumer_only_with_global_qos(
    rabbitmq_url,
):
    """Celery widens the window for each countdown it holds: RabbitMQ applies
    that to the running consumer with global QoS (classic queues on 3.x), not
    with per-consumer QoS (quorum queues): the window is static."""
    assert deliveries_after_raising_the_prefetch(rabbitmq_url, False, True) == 2
    assert deliveries_after_raising_the_prefetch(rabbitmq_url, True, False) == 1


def test_rabbitmqs_consumer_timeout_is_30_minutes_by_default(rabbitmq_url):
    """The installed server's own default (the tests' config sets 2 s)."""
    with amqp_channel(rabbitmq_url) as channel:
        version = channel.connection.server_properties["version"]
    lib = Path(f"/usr/lib/rabbitmq/lib/rabbitmq_server-{version}")
    defaults = (lib / f"plugins/rabbit-{version}/ebin/rabbit.app").read_text()
    (milliseconds,) = re.findall(r"\{consumer_timeout,\s*(\d+)\}", defaults)
    assert int(milliseconds) == 30 * 60 * 1000


def test_a_5_5_or_5_6_worker_has_other_transient_non_exclusive_queues():
    """Besides remote control: the gossip queue (an event receiver) and the
    rpc:// reply queue; 5.6's event_queue_exclusive makes the first exclusive,
    and 5.7 makes both safe."""
    app = Celery(broker="memory://", backend="rpc://", set_as_current=False)
    gossip = app.events.Receiver(app.connection(), handlers={}).queue
    assert (gossip.durable, gossip.exclusive) == (False, CELERY >= (5, 7))
    assert app.backend.binding.durable is (CELERY >= (5, 7))
    if CELERY >= (5, 6):
        app.conf.event_queue_exclusive = True
        gossip = app.events.Receiver(app.connection(), handlers={}).queue
        assert gossip.exclusive is True
