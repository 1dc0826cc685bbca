"""Shutdown on Redis as the page has the reader run it: a deploy's SIGTERM,
with REMAP_SIGTERM=SIGQUIT, starts the snippet's window and hands the
late-acknowledged task back before the grace period ends."""

import signal
import time

import pytest
import redis

from tests.graceful_shutdown.conftest import (
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
def test_sigterm_to_the_process_group_without_remap_loses_the_task(
    real_worker, clean_redis
):
    """What the page warns against: without REMAP_SIGTERM the pool process
    dies of the group's SIGTERM at once, and the late-acknowledged message is
    acknowledged as failed: nothing is handed back."""
    worker = real_worker(tasks.app, tasks, settings=TRACK_STARTED)
    running = tasks.fingerprint.delay("order-1", ROUNDS)
    wait_until(lambda: running.state == "STARTED", f"never started:\n{worker.output()}")
    signal_group(worker.process, signal.SIGTERM)
    worker.process.wait(timeout=60)
    log = worker.output()
    assert "exited with 'signal 15 (SIGTERM)'" in log
    assert "WorkerLostError" in log
    assert running.state == "FAILURE"
    assert queued(tasks.app) == 0
    assert redis.Redis.from_url(clean_redis).hlen("unacked") == 0


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
