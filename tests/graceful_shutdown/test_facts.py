"""When the soft shutdown window is waited for, and what acks_late does
without it, as the page says."""

import inspect
import os
import signal
import subprocess
import sys
import time

import celery
import pytest
from celery.concurrency.prefork import TaskPool

from tests.graceful_shutdown.conftest import (
    ROUNDS,
    TRACK_STARTED,
    pause_pool,
    queued,
    signal_mid_task,
    wait_until,
)
from tests.support.snippets import snippet

tasks = snippet("graceful_shutdown")
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
#: Test-only: a short window, so these facts take seconds (the page's is 20 s).
WINDOW = 3


@pytest.mark.worker
@pytest.mark.parametrize(("on_idle", "waits"), [(False, False), (True, True)])
def test_an_idle_worker_skips_the_window_unless_told_not_to(
    real_worker, on_idle, waits
):
    settings = {
        "worker_soft_shutdown_timeout": WINDOW,
        "worker_enable_soft_shutdown_on_idle": on_idle,
    }
    worker = real_worker(tasks.app, tasks, settings=settings)
    worker.process.send_signal(signal.SIGQUIT)  # no task is running
    worker.process.wait(timeout=60)
    assert ("Initiating Soft Shutdown" in worker.output()) is waits


@pytest.mark.worker
def test_a_worker_holding_only_a_countdown_counts_as_idle(real_worker):
    settings = {"worker_soft_shutdown_timeout": WINDOW}
    worker = real_worker(tasks.app, tasks, settings=settings)
    later = tasks.fingerprint.apply_async(("order-1", 1), countdown=600)
    worker.wait_for_log(f"Task tasks.fingerprint[{later.id}] received")
    worker.process.send_signal(signal.SIGQUIT)
    worker.process.wait(timeout=60)
    assert "Initiating Soft Shutdown" not in worker.output()
    assert queued(tasks.app) == 1  # on Redis, handed back as the worker stops


@pytest.mark.worker
def test_the_window_is_waited_in_full_after_the_tasks_are_done(real_worker):
    # Long enough for the rest of the task on a loaded machine (under a
    # second's hashing alone), so the task ends inside it.
    window = 10
    settings = {**TRACK_STARTED, "worker_soft_shutdown_timeout": window}
    worker = real_worker(tasks.app, tasks, settings=settings)
    running = tasks.fingerprint.delay("order-1", 2_000_000)  # under a second
    wait_until(lambda: running.state == "STARTED", f"never started:\n{worker.output()}")
    children = pause_pool(worker)  # still running when the signal arrives
    signalled = time.monotonic()
    worker.process.send_signal(signal.SIGQUIT)
    worker.wait_for_log("Initiating Soft Shutdown")
    for child in children:
        os.kill(child, signal.SIGCONT)
    worker.process.wait(timeout=60)
    exited = time.monotonic() - signalled
    assert running.state == "SUCCESS"
    assert exited >= window
    assert queued(tasks.app) == 0  # finished inside the window: acknowledged


@pytest.mark.worker
def test_acks_late_alone_hands_the_task_back_on_a_cold_shutdown(real_worker):
    """No window at all: the late-acknowledged task is stopped at once, and its
    message goes back all the same. The window only lets short tasks finish."""
    settings = {**TRACK_STARTED, "worker_soft_shutdown_timeout": 0}
    worker = real_worker(tasks.app, tasks, settings=settings)
    running = tasks.fingerprint.delay("order-1", ROUNDS)
    signal_mid_task(worker, running, signal.SIGQUIT)
    assert "Initiating Soft Shutdown" not in worker.output()
    assert f"{running.id}] succeeded" not in worker.output()
    assert queued(tasks.app) == 1


def billiard_with_remap(value: str) -> subprocess.CompletedProcess:
    """``import billiard.common`` with ``REMAP_SIGTERM=value``; prints the
    signals its pool processes ignore."""
    return subprocess.run(
        [sys.executable, "-c", "import billiard.common as c; print(c.TERMSIGS_IGNORE)"],
        env={**os.environ, "REMAP_SIGTERM": value},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("value", ["SIGQUIT", "SIGINT"])
def test_a_remap_sigterm_signal_name_makes_the_pool_processes_ignore_sigterm(value):
    """billiard's pool processes ignore SIGTERM whenever REMAP_SIGTERM names a
    signal, whichever it names."""
    out = billiard_with_remap(value)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "{'SIGTERM'}"


def test_a_remap_sigterm_that_is_no_signal_name_fails_at_import():
    out = billiard_with_remap("1")
    assert out.returncode != 0
    assert "AttributeError" in out.stderr


def test_an_empty_remap_sigterm_does_nothing():
    out = billiard_with_remap("")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "set()"


def test_from_5_6_the_prefork_pool_keeps_firing_timers_while_it_stops():
    """The heartbeat half of the 5.5 warm-shutdown risk, read in the source:
    5.6's and 5.7's pool keeps running the event loop's timers (which send
    broker heartbeats) while its processes finish; 5.5's closes and joins."""
    source = inspect.getsource(TaskPool.on_stop)
    assert ("hub.fire_timers()" in source) is (CELERY >= (5, 6))
    if CELERY < (5, 6):
        assert "self._pool.join()" in source
