"""Shutdown on Redis as the page has the reader run it: a deploy's SIGTERM,
with REMAP_SIGTERM=SIGQUIT, starts the snippet's window and hands the
late-acknowledged task back before the grace period ends."""

import re
import signal
import time
from pathlib import Path

import pytest
import redis
from kombu.transport.redis import Channel as RedisChannel

from tests.graceful_shutdown.conftest import (
    DOCKER_GRACE_PERIOD,
    GRACE_PERIOD,
    REMAP,
    ROUNDS,
    SOFT_SHUTDOWN,
    TRACK_STARTED,
    pause_pool,
    queued,
    resume_when_signalled,
    soft_shutdown_hands_a_late_task_back,
    wait_until,
    warm_shutdown_finishes_and_hands_back,
)
from tests.support.processes import signal_group
from tests.support.snippets import snippet

tasks = snippet("graceful_shutdown")
WINDOW = tasks.app.conf.worker_soft_shutdown_timeout


def test_the_window_is_on_and_fits_in_the_grace_period():
    # Ten seconds left after the window for the cold shutdown itself.
    assert 0 < WINDOW <= GRACE_PERIOD - 10
    assert tasks.fingerprint.acks_late is True


def test_the_snippet_has_docker_raise_its_grace_period():
    """Docker's 10 s is shorter than the window: the snippet gives the value to
    raise it to, and the window fits in that as in Kubernetes' 30 s."""
    assert WINDOW > DOCKER_GRACE_PERIOD
    source = Path(tasks.__file__).read_text()
    raised = int(re.search(r"stop_grace_period: (\d+)s\b", source).group(1))
    assert 0 < WINDOW <= raised - 10


@pytest.mark.worker
def test_a_deploy_sigterm_hands_the_task_back_within_the_grace_period(
    real_worker, clean_redis
):
    """The snippet's own window, the worker started with REMAP_SIGTERM=SIGQUIT,
    SIGTERM sent to its whole process group (systemd's default; Kubernetes and
    Docker signal the main process only). The pool process ignores SIGTERM,
    the window is waited in full, then the task is stopped and handed back."""
    worker = real_worker(tasks.app, tasks, settings=TRACK_STARTED, env=REMAP)
    running = tasks.fingerprint.delay("order-1", ROUNDS)
    wait_until(lambda: running.state == "STARTED", f"never started:\n{worker.output()}")
    # The task outlasts any window: its process stops where it is, burning no
    # CPU, until the worker stops it at the end of the window.
    children = pause_pool(worker)
    signalled = time.monotonic()
    signal_group(worker.process, signal.SIGTERM)
    resume_when_signalled(children, timeout=GRACE_PERIOD)
    worker.process.wait(timeout=GRACE_PERIOD - (time.monotonic() - signalled))
    exited = time.monotonic() - signalled
    log = worker.output()
    assert f"Initiating Soft Shutdown, terminating in {WINDOW} seconds" in log
    assert WINDOW <= exited < GRACE_PERIOD  # before the platform's SIGKILL
    assert f"{running.id}] succeeded" not in log
    assert "WorkerLostError" not in log
    assert queued(tasks.app) == 1  # back for the next worker
    assert redis.Redis.from_url(clean_redis).hlen("unacked") == 0


@pytest.mark.worker
@pytest.mark.parametrize(
    ("reject_on_worker_lost", "handed_back"), [(False, 0), (True, 1)]
)
def test_sigterm_to_the_process_group_without_remap_loses_the_task(
    real_worker, clean_redis, reject_on_worker_lost, handed_back
):
    """What the page warns against: without REMAP_SIGTERM the pool process
    dies of the group's SIGTERM at once. With Celery's defaults the
    late-acknowledged message, held unacknowledged while the task ran, is then
    acknowledged as failed: nothing is handed back. Only
    task_reject_on_worker_lost=True hands it back."""
    settings = {**TRACK_STARTED, "task_reject_on_worker_lost": reject_on_worker_lost}
    worker = real_worker(tasks.app, tasks, settings=settings)
    running = tasks.fingerprint.delay("order-1", ROUNDS)
    wait_until(lambda: running.state == "STARTED", f"never started:\n{worker.output()}")
    broker = redis.Redis.from_url(clean_redis)
    assert broker.hlen("unacked") == 1  # acks_late: held while it runs
    signal_group(worker.process, signal.SIGTERM)
    worker.process.wait(timeout=60)
    log = worker.output()
    assert "exited with 'signal 15 (SIGTERM)'" in log
    assert "WorkerLostError" in log
    assert queued(tasks.app) == handed_back
    assert broker.hlen("unacked") == 0
    if not reject_on_worker_lost:
        assert running.state == "FAILURE"


@pytest.mark.worker
def test_a_sigkill_inside_the_window_leaves_the_message_unacknowledged(
    real_worker, clean_redis
):
    """A grace period shorter than the window (Docker's 10 s against the
    snippet's 20 s): the platform's SIGKILL ends the worker mid-window. On
    Redis the message is neither run nor back in the queue: it waits in the
    unacknowledged set until visibility_timeout (an hour by default)."""
    worker = real_worker(tasks.app, tasks, settings=TRACK_STARTED, env=REMAP)
    running = tasks.fingerprint.delay("order-1", ROUNDS)
    wait_until(lambda: running.state == "STARTED", f"never started:\n{worker.output()}")
    pause_pool(worker)
    signal_group(worker.process, signal.SIGTERM)
    worker.wait_for_log(f"Initiating Soft Shutdown, terminating in {WINDOW} seconds")
    worker.kill()  # SIGKILL to the group, as `docker stop` after its grace period
    assert queued(tasks.app) == 0
    assert redis.Redis.from_url(clean_redis).hlen("unacked") == 1
    assert "visibility_timeout" not in tasks.app.conf.broker_transport_options
    assert RedisChannel.visibility_timeout == 3600  # kombu's default, seconds


@pytest.mark.worker
def test_sigterm_lets_the_running_task_finish(real_worker):
    back = warm_shutdown_finishes_and_hands_back(
        tasks, lambda: real_worker(tasks.app, tasks, settings=TRACK_STARTED)
    )
    assert back == 1  # the reserved one; the finished one was acknowledged


@pytest.mark.worker
def test_a_soft_shutdown_hands_the_task_to_the_next_worker(real_worker):
    settings = {**TRACK_STARTED, **SOFT_SHUTDOWN}
    soft_shutdown_hands_a_late_task_back(
        tasks, lambda: real_worker(tasks.app, tasks, settings=settings)
    )
