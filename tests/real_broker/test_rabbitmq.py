"""The running-workers behaviours that depend on the broker, on RabbitMQ.

One module, so that one test process starts RabbitMQ for all of them (the
server takes 10-20 s to start on two busy cores).
"""

import contextlib
import glob
import os
import signal
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import celery
import pytest

from tests.bound_memory_and_prefetch.conftest import (
    TRACK_STARTED as STARTED,
)
from tests.bound_memory_and_prefetch.conftest import (
    busy_worker_and_new_worker,
)
from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS
from tests.graceful_shutdown.conftest import (
    HELD_ROUNDS,
    SOFT_SHUTDOWN,
    TRACK_STARTED,
    cold_shutdown_loses_an_early_acknowledged_task,
    pause_pool,
    queued,
    soft_shutdown_hands_a_late_task_back,
    wait_until,
    warm_shutdown_finishes_and_hands_back,
)
from tests.support.snippets import snippet

tasks = snippet("real_broker")
PAGE = Path(__file__).parents[2] / "docs/running-workers/real-broker.md"
bounded = snippet("bound_memory_and_prefetch")
unbounded = snippet("bound_memory_and_prefetch", "unbounded")
shutdown = snippet("graceful_shutdown")
early_ack = snippet("graceful_shutdown", "early_ack")
reminders = snippet("short_countdowns")
long_countdown = snippet("short_countdowns", "long_countdown")

pytestmark = pytest.mark.worker
#: A long task: half a second of hashing, held with pause_pool (SIGSTOP) once
#: it runs, for longer than the consumer_timeout (2 s) and the 200 ms tick that
#: checks it, however short its hashing.
LONGER_THAN_TIMEOUT = HELD_ROUNDS
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])


def test_a_worker_on_rabbitmq_answers_ping_and_runs_tasks(rabbitmq_worker):
    worker = rabbitmq_worker(tasks.app, tasks)
    assert tasks.send_receipt.delay(7).get(timeout=20) == "receipt for order 7 sent"
    replies = tasks.app.control.inspect(timeout=10, limit=1).ping()
    assert replies == {worker.node_name: {"ok": "pong"}}


# Shut workers down gracefully: the same proofs as on Redis.


@pytest.fixture
def hold_messages_longer(rabbitmq_consumer_timeout):
    """A worker below holds an unacknowledged message for seconds on purpose:
    the test server's 2 s consumer_timeout would close its channel."""
    rabbitmq_consumer_timeout(10 * 60 * 1000)


@pytest.fixture
def short_consumer_timeout(rabbitmq_consumer_timeout):
    """The test server's own 2 s, which the tests below outlast on purpose."""
    rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)


@pytest.mark.usefixtures("hold_messages_longer")
def test_sigterm_lets_the_running_task_finish(rabbitmq_worker):
    back = warm_shutdown_finishes_and_hands_back(
        shutdown,
        lambda: rabbitmq_worker(shutdown.app, shutdown, settings=TRACK_STARTED),
    )
    assert back == 1  # the reserved one; the finished one was acknowledged


@pytest.mark.usefixtures("hold_messages_longer")
def test_a_soft_shutdown_hands_the_task_to_the_next_worker(rabbitmq_worker):
    settings = {**TRACK_STARTED, **SOFT_SHUTDOWN}
    soft_shutdown_hands_a_late_task_back(
        shutdown, lambda: rabbitmq_worker(shutdown.app, shutdown, settings=settings)
    )


def test_a_cold_shutdown_loses_an_early_acknowledged_task(rabbitmq_worker):
    cold_shutdown_loses_an_early_acknowledged_task(
        early_ack,
        lambda: rabbitmq_worker(
            early_ack.app,
            early_ack,
            settings={**TRACK_STARTED, "worker_soft_shutdown_timeout": 0},
            extra_args=["-I", "early_ack"],
        ),
    )


# Bound worker memory and prefetch: the same proofs as on Redis.


@pytest.mark.usefixtures("hold_messages_longer")
def test_an_idle_worker_takes_what_a_busy_one_does_not_reserve(rabbitmq_worker):
    start = lambda: rabbitmq_worker(bounded.app, bounded, settings=STARTED)  # noqa: E731
    first, second, short, waiting = busy_worker_and_new_worker(bounded, start)
    assert waiting == 3
    assert [r.get(timeout=30) for r in short] == [
        f"receipt for order {n} sent" for n in range(3)
    ]
    for r in short:  # the log line may follow the stored result by a moment
        second.wait_for_log(f"{r.id}] succeeded")
    first.kill()


@pytest.mark.usefixtures("hold_messages_longer")
def test_a_second_worker_stays_idle_while_the_busy_one_holds_messages(
    rabbitmq_worker,
):
    """Even with worker_disable_prefetch, which Celery 5.6+ applies on Redis
    only: on RabbitMQ it logs a warning and changes nothing."""
    settings = {**STARTED, "worker_disable_prefetch": True}
    start = lambda: rabbitmq_worker(  # noqa: E731
        unbounded.app, unbounded, settings=settings, extra_args=["-I", "unbounded"]
    )
    first, second, short, waiting = busy_worker_and_new_worker(unbounded, start)
    assert waiting == 0
    time.sleep(2)
    assert [r.state for r in short] == ["PENDING"] * 3
    assert "received" not in second.output()
    if CELERY >= (5, 6):
        assert "worker_disable_prefetch is only supported for Redis" in first.output()
    first.kill()


# RabbitMQ's consumer timeout on a Celery worker.


@pytest.mark.usefixtures("rabbitmq_url")
def test_the_server_defaults_check_a_30_minute_timeout_once_a_minute():
    """What the tests' settings shorten, read from the installed server."""
    found = glob.glob(
        "/usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbit-*/ebin/rabbit.app"
    )
    assert found, "no rabbit.app: where is this RabbitMQ installed?"
    app_file = Path(found[0]).read_text()
    assert "{consumer_timeout, 1800000}" in app_file
    assert "{channel_tick_interval, 60000}" in app_file


def test_the_page_names_the_rabbitmq_release_it_is_proved_on():
    found = glob.glob("/usr/lib/rabbitmq/lib/rabbitmq_server-*/")
    assert found, "no RabbitMQ installed here"
    release = Path(found[0]).name.removeprefix("rabbitmq_server-")
    assert f"RabbitMQ {release}" in PAGE.read_text()


@pytest.mark.usefixtures("rabbitmq_url")
def test_guest_logs_in_over_loopback_only():
    found = glob.glob(
        "/usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbit-*/ebin/rabbit.app"
    )
    assert '{loopback_users, [<<"guest">>]}' in Path(found[0]).read_text()


@pytest.mark.usefixtures("short_consumer_timeout")
def test_a_late_task_running_past_consumer_timeout_runs_again_meanwhile(
    rabbitmq_worker, rabbitmq_consumer_timeout
):
    """RabbitMQ closes the channel and Celery takes that for an unrecoverable
    error. The message goes back to the queue at once, while the task still
    runs: a second worker runs it too, and the first one finishes it all the
    same. (Whether the first worker then exits is not asserted: on a busy
    machine its shutdown has hung after the task.)"""
    first = rabbitmq_worker(shutdown.app, shutdown, settings=TRACK_STARTED)
    result = shutdown.fingerprint.delay("order-1", LONGER_THAN_TIMEOUT)
    wait_until(lambda: result.state == "STARTED", f"never started:\n{first.output()}")
    children = pause_pool(first)  # still running, for as long as the test needs
    first.wait_for_log("Unrecoverable error: PreconditionFailed", timeout=60)
    log = first.output()
    assert "delivery acknowledgement on channel 1 timed out" in log
    # The test server's consumer_timeout, not RabbitMQ's 30-minute default.
    assert f"Timeout value used: {RABBITMQ_CONSUMER_TIMEOUT_MS} ms" in log
    assert queued(shutdown.app) == 1  # back already: the task is not done
    rabbitmq_consumer_timeout(10 * 60 * 1000)  # the second worker's own run
    second = rabbitmq_worker(shutdown.app, shutdown)
    second.wait_for_log(f"{result.id}] succeeded", timeout=120)
    assert f"{result.id}] succeeded" not in first.output()
    for child in children:
        os.kill(child, signal.SIGCONT)
    first.wait_for_log(f"{result.id}] succeeded", timeout=120)  # twice, then
    assert len(result.get(timeout=20)) == 64  # a SHA-256 digest


@pytest.mark.usefixtures("short_consumer_timeout")
@pytest.mark.parametrize("channel_error_retry", [False, True])
def test_a_message_prefetched_behind_a_long_task_hits_consumer_timeout(
    rabbitmq_worker, channel_error_retry
):
    """Early acknowledgement does not escape it: the message the worker reserved
    behind a long task waits unacknowledged. By default the worker stops; with
    broker_channel_error_retry it reconnects and runs the message later."""
    settings = {**TRACK_STARTED, "broker_channel_error_retry": channel_error_retry}
    worker = rabbitmq_worker(
        early_ack.app, early_ack, settings=settings, extra_args=["-I", "early_ack"]
    )
    long = early_ack.fingerprint.delay("order-1", LONGER_THAN_TIMEOUT)
    wait_until(lambda: long.state == "STARTED", f"never started:\n{worker.output()}")
    children = pause_pool(worker)
    behind = early_ack.fingerprint.delay("order-2", 1)
    worker.wait_for_log("delivery acknowledgement on channel 1 timed out", timeout=60)
    if not channel_error_retry:
        worker.wait_for_log("Unrecoverable error: PreconditionFailed")
        assert behind.state == "PENDING"
        assert queued(early_ack.app) == 1
        return
    worker.wait_for_log("Connection to broker lost")
    for child in children:
        os.kill(child, signal.SIGCONT)
    assert len(behind.get(timeout=120)) == 64
    assert len(long.get(timeout=20)) == 64
    assert "Unrecoverable error" not in worker.output()
    assert worker.process.poll() is None  # still running


@pytest.mark.usefixtures("short_consumer_timeout")
def test_channel_error_retry_delivers_a_long_late_task_again_to_the_same_worker(
    rabbitmq_worker,
):
    """broker_channel_error_retry is no fix for a late-acknowledged task past
    consumer_timeout: the worker reconnects, RabbitMQ delivers the same message
    to it again while the first run goes on, and the first run's ack fails on
    the closed channel."""
    settings = {**TRACK_STARTED, "broker_channel_error_retry": True}
    worker = rabbitmq_worker(shutdown.app, shutdown, settings=settings)
    long = shutdown.fingerprint.delay("order-1", LONGER_THAN_TIMEOUT)
    wait_until(lambda: long.state == "STARTED", f"never started:\n{worker.output()}")
    children = pause_pool(worker)
    worker.wait_for_log("Connection to broker lost", timeout=60)
    worker.wait_for_log_count(f"{long.id}] received", 2, timeout=60)
    for child in children:
        os.kill(child, signal.SIGCONT)
    if CELERY >= (5, 7):  # 5.5 reconnects again and again, with no such line
        worker.wait_for_log("Couldn't ack", timeout=120)
    assert "Unrecoverable error" not in worker.output()
    worker.kill()


# Keep countdowns and ETAs short: on RabbitMQ too, told here where its server
# already runs.


@pytest.mark.usefixtures("short_consumer_timeout")
def test_a_countdown_past_consumer_timeout_stops_the_worker_unrun(
    rabbitmq_worker, tmp_path
):
    """The worker holds a countdown message unacknowledged until it is due;
    past consumer_timeout (2 s here, a test value; 30 min by default) RabbitMQ
    closes the channel and the worker stops. The reminder has not run, and its
    message is back in the queue for the next worker to hold again."""
    database = tmp_path / "reminders.sqlite3"
    worker = rabbitmq_worker(
        reminders.app, reminders, env={"REMINDERS_DB": str(database)}
    )
    long_countdown.remind_later(7, timedelta(minutes=10))
    assert worker.process.wait(timeout=60) != 0
    log = worker.output()
    assert "Unrecoverable error: PreconditionFailed" in log
    assert "delivery acknowledgement on channel 1 timed out" in log
    assert queued(reminders.app) == 1
    assert not database.exists() or _sent(database) == 0


def _sent(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute("SELECT count(*) FROM notifications").fetchone()[0]
