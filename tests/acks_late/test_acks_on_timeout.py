"""What a late-acknowledged task's message becomes when the task fails or hits
its hard time limit: acknowledged by default; requeued after a time limit with
task_acks_on_timeout=False (Celery 5.7) or, before 5.7, with
task_acks_on_failure_or_timeout=False. (A failed task is never requeued:
tests/real_broker/test_acks_on_failure_dlx.py.)"""

import time
import warnings

import celery
import kombu
import pytest
import redis
from celery import Celery
from celery.app.defaults import DEFAULTS

from tests.support.snippets import snippet

tasks = snippet("acks_late")
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
#: Far more hashing than a one-second hard limit lets finish.
FOREVER = 10**10
HARD_LIMIT = "Hard time limit (1"


def test_acks_on_failure_and_on_timeout_are_new_in_5_7_and_fall_back_to_the_old_one():
    assert DEFAULTS["task_acks_on_failure_or_timeout"] is True
    assert ("task_acks_on_failure" in DEFAULTS) == (CELERY >= (5, 7))
    assert ("task_acks_on_timeout" in DEFAULTS) == (CELERY >= (5, 7))
    if CELERY >= (5, 7):
        # None: each falls back to task_acks_on_failure_or_timeout.
        assert DEFAULTS["task_acks_on_failure"] is None
        assert DEFAULTS["task_acks_on_timeout"] is None
        app = Celery("fallback", set_as_current=False)
        app.conf.task_acks_on_failure_or_timeout = False

        @app.task(acks_late=True)
        def job():
            pass

        assert (job.acks_on_failure, job.acks_on_timeout) == (False, False)


@pytest.mark.skipif(CELERY < (5, 7), reason="the split settings are new in 5.7")
def test_celery_5_7_schedules_the_old_setting_for_deprecation_in_6_0():
    class Settings:
        task_acks_on_failure_or_timeout = False

    app = Celery("deprecated", set_as_current=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app.config_from_object(Settings)
        assert app.conf.task_acks_late is False  # the settings are read here
    (message,) = [str(w.message) for w in caught]
    assert "'task_acks_on_failure_or_timeout' setting is scheduled for" in message
    assert "deprecation in" in message
    assert "version 6.0" in message
    assert "removal in version v7.0" in message
    assert "task_acks_on_failure and task_acks_on_timeout" in message


@pytest.mark.skipif(CELERY < (5, 7), reason="the split settings are new in 5.7")
def test_the_deprecation_warning_misses_a_namespaced_setting():
    """Celery looks for the plain lower-case name: under a namespace (Django's
    ``namespace="CELERY"``) the old setting is read, and nothing warns."""
    for namespace, settings in [
        (None, {"task_acks_on_failure_or_timeout": False}),
        ("CELERY", {"CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT": False}),
    ]:
        app = Celery("namespaced", set_as_current=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            app.config_from_object(type("Settings", (), settings), namespace=namespace)
            assert app.conf.task_acks_on_failure_or_timeout is False
        warned = [str(w.message) for w in caught]
        if namespace is None:
            assert len(warned) == 1
            assert "task_acks_on_failure_or_timeout" in warned[0]
        else:
            assert warned == []


@pytest.mark.skipif(CELERY < (5, 7), reason="the split settings are new in 5.7")
def test_the_deprecation_warning_needs_an_object_given_to_config_from_object():
    """Only an object or module given to config_from_object() warns: the same
    setting in a dict given to it, in app.conf.update() (as this site's
    snippets configure) or set on app.conf is read, and nothing warns."""
    ways = {
        "dict": lambda app: app.config_from_object(
            {"task_acks_on_failure_or_timeout": False}
        ),
        "update": lambda app: app.conf.update(task_acks_on_failure_or_timeout=False),
        "attribute": lambda app: setattr(
            app.conf, "task_acks_on_failure_or_timeout", False
        ),
    }
    for way, configure in ways.items():
        app = Celery(way, set_as_current=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            configure(app)
            assert app.conf.task_acks_on_failure_or_timeout is False, way
            assert app.conf.task_acks_late is False  # the settings are read here
        assert [str(w.message) for w in caught] == [], way


def deliveries(real_worker, clean_redis, settings, *args):
    """How many times the worker receives one fingerprint task given ``args``,
    under a one-second hard limit, and what is left in Redis after."""
    worker = real_worker(tasks.app, tasks, settings=settings)
    result = tasks.fingerprint.apply_async(args, time_limit=1)
    if args[0] == "order-42":
        worker.wait_for_log(HARD_LIMIT, timeout=30)
    else:
        worker.wait_for_log(" raised unexpected", timeout=30)
    # A requeued message comes straight back (a reject, no visibility
    # timeout): give the worker time to receive it again, if it would.
    deadline = time.monotonic() + 3
    while worker.output().count(" received") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    received = worker.output().count(f"[{result.id}] received")
    worker.kill()
    with redis.Redis.from_url(clean_redis) as broker:
        left = broker.llen("celery") + broker.hlen("unacked")
    return received, left


# By default a timed-out task is acknowledged and not run again:
# tests/acks_late/test_tasks.py proves it with the same task and limit.


@pytest.mark.worker
def test_acks_on_timeout_false_requeues_a_timed_out_task(real_worker, clean_redis):
    received, _ = deliveries(
        real_worker, clean_redis, {"task_acks_on_timeout": False}, "order-42", FOREVER
    )
    # Celery 5.5 and 5.6 do not know the setting and acknowledge.
    assert (received >= 2) == (CELERY >= (5, 7)), received


@pytest.mark.worker
@pytest.mark.skipif(CELERY >= (5, 7), reason="5.7 has task_acks_on_timeout for this")
def test_before_5_7_the_old_setting_requeues_a_timed_out_task(real_worker, clean_redis):
    received, _ = deliveries(
        real_worker,
        clean_redis,
        {"task_acks_on_failure_or_timeout": False},
        "order-42",
        FOREVER,
    )
    assert received >= 2


# task_acks_on_failure=False rejects a failed task without requeue; on Redis
# that leaves the queue as the default acknowledgement does, so it is proved on
# RabbitMQ, with a dead-letter exchange:
# tests/real_broker/test_acks_on_failure_dlx.py.


@pytest.mark.parametrize("settle", ["reject", "ack"])
def test_on_redis_a_rejected_message_is_gone_like_an_acknowledged_one(
    clean_redis, settle
):
    with kombu.Connection(clean_redis) as connection:
        channel = connection.channel()
        queue = kombu.Queue("celery", kombu.Exchange("celery"), routing_key="celery")
        queue(channel).declare()
        kombu.Producer(channel).publish({}, exchange="celery", routing_key="celery")
        message = queue(channel).get(no_ack=False)
        if settle == "reject":
            message.reject(requeue=False)  # what task_acks_on_failure=False does
        else:
            message.ack()  # the default
        channel.close()
    with redis.Redis.from_url(clean_redis) as broker:
        assert broker.llen("celery") + broker.hlen("unacked") == 0
