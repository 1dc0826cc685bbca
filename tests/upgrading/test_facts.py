"""The upgrade page's facts, on whichever Celery release runs them.

``make test-matrix`` runs this module on every supported release (5.5, 5.6 and
5.7): each difference the page lists is asserted on the releases that have it
and refuted on the ones that do not. 6.0's announced changes are the installed
source's own warnings and comments, quoted.
"""

import inspect
import warnings
from types import SimpleNamespace
from unittest import mock

import celery
import kombu
import pytest
from celery import Celery
from celery.app.defaults import NAMESPACES, flatten
from celery.exceptions import ImproperlyConfigured
from celery.utils.deprecated import CDeprecationWarning, CPendingDeprecationWarning
from kombu.transport import pyamqp
from kombu.transport.native_delayed_delivery import calculate_routing_key

CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
KOMBU = tuple(int(part) for part in kombu.__version__.split(".")[:2])
DEFAULTS = {name: option.default for name, option in flatten(NAMESPACES)}
OPTIONS = dict(flatten(NAMESPACES))


def _app():
    return Celery("upgrading", set_as_current=False)


def test_the_matrix_runs_the_releases_the_page_covers():
    assert CELERY in {(5, 5), (5, 6), (5, 7)}


# 5.5: the baseline every release of the matrix has -----------------------


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("worker_soft_shutdown_timeout", 0.0),
        ("worker_enable_soft_shutdown_on_idle", False),
        ("task_default_queue_type", "classic"),
        ("worker_detect_quorum_queues", True),
        ("broker_native_delayed_delivery_queue_type", "quorum"),
        ("result_chord_retry_interval", 1.0),
    ],
)
def test_settings_of_5_5_on_every_release(name, default):
    assert DEFAULTS[name] == default


# 5.6 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("worker_eta_task_limit", None),  # no bound: ETA tasks escape prefetch
        ("worker_disable_prefetch", False),
        ("task_create_missing_queue_type", "classic"),
        ("task_create_missing_queue_exchange_type", None),
        ("event_queue_durable", False),
        ("control_queue_durable", False),
    ],
)
def test_settings_new_in_5_6(name, default):
    if CELERY >= (5, 6):
        assert DEFAULTS[name] == default
    else:
        assert name not in DEFAULTS


# 5.7 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("task_acks_on_failure", None),  # None: task_acks_on_failure_or_timeout
        ("task_acks_on_timeout", None),
        ("task_retry_on_worker_lost", False),
        ("worker_pool_start_method", "fork"),
        ("result_chord_expires", None),
        ("result_failure_expires", None),
        ("task_repr_maxlevels", 3),
        ("beat_enable_remote_control", False),
    ],
)
def test_settings_new_in_5_7(name, default):
    if CELERY >= (5, 7):
        assert DEFAULTS[name] == default
    else:
        assert name not in DEFAULTS


def test_from_5_6_a_queue_celery_creates_for_a_route_gets_the_configured_type():
    app = _app()
    assert app.amqp.queues["missing"].queue_arguments is None  # classic
    if CELERY >= (5, 6):
        typed = _app()
        typed.conf.task_create_missing_queue_type = "quorum"
        queue = typed.amqp.queues["missing"]
        assert queue.queue_arguments == {"x-queue-type": "quorum"}
        # The type alone: the queue's exchange is still direct, and native
        # delayed delivery skips a direct exchange; the second setting fixes it.
        assert queue.exchange.type == "direct"
        typed = _app()
        typed.conf.task_create_missing_queue_type = "quorum"
        typed.conf.task_create_missing_queue_exchange_type = "topic"
        assert typed.amqp.queues["missing"].exchange.type == "topic"


def _argsrepr(app):
    nested = [[[[[1]]]]]
    message = app.amqp.as_task_v2("id", "tasks.t", args=(nested,), kwargs={})
    return message.headers["argsrepr"]


def test_from_5_7_task_repr_maxlevels_sets_how_deep_argsrepr_goes():
    assert _argsrepr(_app()) == "([[[...]]],)"  # three levels, on every release
    shallow = _app()
    shallow.conf.task_repr_maxlevels = 1
    if CELERY >= (5, 7):
        assert _argsrepr(shallow) == "([...],)"
    else:
        assert _argsrepr(shallow) == "([[[...]]],)"  # the setting is ignored


@pytest.mark.parametrize("name", ["event_queue_exclusive", "control_queue_exclusive"])
def test_event_and_control_queues_become_exclusive_in_5_7(name):
    # Not transient non-exclusive queues, which RabbitMQ 4.3 refuses.
    if CELERY >= (5, 7):
        assert DEFAULTS[name] is True
    elif CELERY >= (5, 6):
        assert DEFAULTS[name] is False
    else:
        assert name not in DEFAULTS


def _build_remote_control(app):
    return app.control


def _build_event_receiver(app):
    return app.events.Receiver(app.connection(), handlers={})


@pytest.mark.parametrize(
    ("durable", "build"),
    [
        ("control_queue_durable", _build_remote_control),
        ("event_queue_durable", _build_event_receiver),
    ],
)
def test_a_durable_event_or_control_queue_is_refused_on_5_7_unless_not_exclusive(
    durable, build
):
    if CELERY < (5, 6):
        assert durable not in DEFAULTS
        return
    app = Celery("upgrading", broker="memory://", set_as_current=False)
    app.conf[durable] = True
    if CELERY >= (5, 7):
        # Exclusive is the new default, and exclusive queues cannot be durable.
        with pytest.raises(ImproperlyConfigured):
            build(app)
        app.conf[durable.replace("durable", "exclusive")] = False
    build(app)  # 5.6, or 5.7 with exclusive set back to False


def test_acks_on_failure_or_timeout_is_deprecated_for_6_0_from_5_7():
    option = OPTIONS["task_acks_on_failure_or_timeout"]
    assert option.default is True  # failed and timed-out tasks are acknowledged
    if CELERY >= (5, 7):
        assert (option.deprecate_by, option.remove_by) == ("6.0", "7.0")
        assert option.alt == "task_acks_on_failure and task_acks_on_timeout"
    else:
        assert (option.deprecate_by, option.remove_by) == (None, None)


def _warnings_from_a_task_with(app=None, **options):
    app = app or _app()
    app.finalize()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        @app.task(shared=False, **options)
        def report():
            return "done"

    return [
        str(w.message) for w in caught if issubclass(w.category, CDeprecationWarning)
    ]


@pytest.mark.parametrize(
    "option",
    ["queue", "exchange", "exchange_type", "routing_key", "priority", "delivery_mode"],
)
def test_routing_options_on_the_task_warn_from_5_7(option):
    warned = _warnings_from_a_task_with(
        **{option: "reports" if option != "priority" else 5}
    )
    if CELERY >= (5, 7):
        assert len(warned) == 1
        assert f"The {option!r} task attribute is deprecated" in warned[0]
        assert "version 6.0. Use the task_routes setting instead." in warned[0]
    else:
        assert warned == []


def test_task_routes_do_not_warn():
    app = _app()
    app.conf.task_routes = {"tasks.report": {"queue": "reports"}}
    assert _warnings_from_a_task_with(app, name="tasks.report") == []
    assert app.amqp.router.route({}, "tasks.report")["queue"].name == "reports"


def test_a_routing_attribute_inherited_from_a_base_class_routes_without_warning():
    # Only an attribute in the task class's own __dict__ warns (Task.bind).
    app = _app()

    class Routed(app.Task):
        queue = "reports"

    assert _warnings_from_a_task_with(app, base=Routed, name="tasks.routed") == []
    task = app.tasks["tasks.routed"]
    assert task._get_exec_options()["queue"] == "reports"


def test_register_task_replaces_the_first_callable():
    app = _app()
    app.finalize()

    class First(app.Task):
        name = "tasks.send"

        def run(self):
            return "first"

    class Second(app.Task):
        name = "tasks.send"

        def run(self):
            return "second"

    app.register_task(First())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app.register_task(Second())
    # Unlike @app.task, register_task() gives the name to the new callable.
    assert app.tasks["tasks.send"].run() == "second"
    names = [w.category.__name__ for w in caught]
    if CELERY >= (5, 7):
        assert names == ["DuplicateTaskNameWarning"]
        assert "The new callable replaced the existing one" in str(caught[0].message)
    else:
        assert names == []


def test_two_callables_under_one_name_warn_from_5_7():
    app = _app()
    app.finalize()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        @app.task(name="tasks.send", shared=False)
        def send():
            return "first"

        @app.task(name="tasks.send", shared=False)
        def send_again():
            return "second"

    # On every release the first callable keeps the name.
    assert app.tasks["tasks.send"].run() == "first"
    names = [w.category.__name__ for w in caught]
    if CELERY >= (5, 7):
        assert names == ["DuplicateTaskNameWarning"]
        assert "calls under this name reach the callable registered first" in str(
            caught[0].message
        )
    else:
        assert names == []


# 6.0, as the installed source announces it ---------------------------------


def test_6_0_cancels_late_acked_tasks_on_connection_loss_by_default():
    from celery.worker.consumer import consumer

    assert DEFAULTS["worker_cancel_long_running_tasks_on_connection_loss"] is False
    assert (
        "The setting will be set to True by default in Celery 6.0."
        in consumer.CANCEL_TASKS_BY_DEFAULT
    )


def test_6_0_broker_connection_retry_stops_governing_startup():
    from celery.worker.consumer import consumer

    assert DEFAULTS["broker_connection_retry_on_startup"] is None
    # The warning a worker gives when broker_connection_retry=False is all
    # that stops it retrying at startup (the text is split over two lines).
    source = inspect.getsource(consumer)
    assert "The broker_connection_retry configuration setting will no longer" in source
    assert "are made during startup in Celery 6.0 and above." in source


def test_6_0_removes_the_old_uppercase_setting_names():
    app = _app()
    app.config_from_object(type("Config", (), {"CELERY_ACKS_LATE": True}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert app.conf.task_acks_late is True  # still read, on every release
        app.conf.maybe_warn_deprecated_settings()
    assert [" ".join(str(w.message).split()) for w in caught] == [
        "The 'CELERY_ACKS_LATE' setting is deprecated and scheduled for removal "
        "in version 6.0.0. Use the task_acks_late instead"
    ]


# Rows added by the second review ------------------------------------------


def _consumer(app):
    """What a worker's consumer gives its remote control and gossip."""
    return SimpleNamespace(
        app=app, hostname="w@h", pid=1, timer=None, hub=None,
        controller=SimpleNamespace(use_eventloop=False),
    )  # fmt: skip


@pytest.mark.parametrize("durable", ["control_queue_durable", "event_queue_durable"])
def test_on_5_7_a_durable_control_or_event_queue_stops_the_worker_itself(durable):
    """A worker builds remote control (its pidbox) and, on RabbitMQ and Redis,
    gossip's event receiver, as it starts."""
    from celery.worker.consumer.gossip import Gossip
    from celery.worker.pidbox import Pidbox

    if CELERY < (5, 6):
        assert durable not in DEFAULTS
        return

    def start(app):
        consumer = _consumer(app)
        Pidbox(consumer)
        gossip = Gossip(consumer)
        assert gossip.enabled  # an amqp broker: gossip runs
        gossip.register_timer = lambda: None
        with app.connection("memory://") as connection:
            gossip.get_consumers(connection.default_channel)

    def app(**settings):
        app = Celery("upgrading", broker="amqp://localhost//", set_as_current=False)
        app.conf.update(settings)
        return app

    start(app())  # the defaults start, on every release
    if CELERY >= (5, 7):
        with pytest.raises(ImproperlyConfigured):
            start(app(**{durable: True}))
    else:
        start(app(**{durable: True}))


def _routed_queue(app, task):
    sent = {}

    def send_task_message(producer, name, message, **options):
        sent.update(options)

    with (
        mock.patch.object(app.amqp, "send_task_message", send_task_message),
        mock.patch.object(app, "producer_or_acquire") as acquire,
    ):
        acquire.return_value.__enter__.return_value = mock.MagicMock()
        task.delay()
    return sent["queue"].name


def test_an_inherited_routing_attribute_overrides_task_routes():
    """Moving a base class's queue to task_routes works only once the
    attribute is gone: apply_async's options win over the route."""
    app = Celery("upgrading", broker="memory://", set_as_current=False)
    app.conf.task_routes = {
        "tasks.routed": {"queue": "from_routes"},
        "tasks.routed_plain": {"queue": "from_routes"},
    }

    class Routed(app.Task):
        queue = "from_base"

    @app.task(base=Routed, name="tasks.routed", shared=False)
    def routed():
        pass

    @app.task(name="tasks.routed_plain", shared=False)
    def routed_plain():
        pass

    assert _routed_queue(app, routed) == "from_base"
    assert _routed_queue(app, routed_plain) == "from_routes"


def test_kombu_5_7_asks_for_per_consumer_qos_on_rabbitmq_4():
    """The matrix pins kombu with Celery: 5.7's kombu asks for per-consumer
    QoS on RabbitMQ 4.0 and later, classic queues too."""
    server = SimpleNamespace(
        server_properties={"product": "RabbitMQ", "version": "4.0.1"}
    )
    assert pyamqp.Transport.qos_semantics_matches_spec(None, server) is (
        KOMBU >= (5, 7)
    )


def test_kombu_5_7_stops_a_delayed_retrys_routing_key_growing():
    once = calculate_routing_key(5, "celery")
    again = calculate_routing_key(5, once)
    assert (again == once) is (KOMBU >= (5, 7))


def test_from_5_6_a_retry_leaves_out_rabbitmqs_dead_letter_headers():
    from celery.app.task import Context

    request = Context({"id": "x", "x-death": [{"queue": "celery_delayed_0"}]})
    headers = request.as_execution_options()["headers"]
    assert ("x-death" in headers) is (CELERY < (5, 6))


def test_acks_on_failure_or_timeout_warns_only_from_config_from_object():
    """5.7's pending-deprecation warning comes when the configuration is
    read (find_deprecated_settings), for a value given to config_from_object,
    not one set on app.conf."""

    def warned(configure):
        app = _app()
        configure(app)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert app.conf.task_acks_late is False  # reading loads the config
        return [
            " ".join(str(w.message).split())
            for w in caught
            if issubclass(w.category, CPendingDeprecationWarning)
        ]

    def from_object(app):
        config = type("Config", (), {"task_acks_on_failure_or_timeout": False})
        app.config_from_object(config)

    def on_conf(app):
        app.conf.task_acks_on_failure_or_timeout = False

    assert warned(on_conf) == []
    if CELERY >= (5, 7):
        assert warned(from_object) == [
            "The 'task_acks_on_failure_or_timeout' setting is scheduled for "
            "deprecation in version 6.0 and removal in version v7.0. Use the "
            "task_acks_on_failure and task_acks_on_timeout instead"
        ]
    else:
        assert warned(from_object) == []
