"""A cold shutdown on Redis loses an early-acknowledged task."""

import signal

import pytest
import redis

from tests.graceful_shutdown.conftest import (
    ROUNDS,
    TRACK_STARTED,
    cold_shutdown_loses_an_early_acknowledged_task,
    pause_pool,
    queued,
    wait_until,
)
from tests.support.snippets import snippet

early_ack = snippet("graceful_shutdown", "early_ack")


def test_the_task_acknowledges_early():
    assert not early_ack.fingerprint.acks_late


@pytest.mark.worker
def test_a_cold_shutdown_loses_the_running_task(real_worker, clean_redis):
    cold_shutdown_loses_an_early_acknowledged_task(
        early_ack,
        lambda: real_worker(
            early_ack.app,
            early_ack,
            # Test-only: no soft shutdown window, the cold shutdown at once.
            settings={**TRACK_STARTED, "worker_soft_shutdown_timeout": 0},
            extra_args=["-I", "early_ack"],
        ),
    )
    # Nothing waits in Redis's unacknowledged set to be redelivered later.
    assert redis.Redis.from_url(clean_redis).hlen("unacked") == 0


@pytest.mark.worker
def test_sigterm_then_sigkill_loses_the_running_task(real_worker, clean_redis):
    """The page's story, with the snippet's own settings: the platform sends
    SIGTERM, waits its grace period, then SIGKILLs the worker still running the
    task. The message was acknowledged when the task started: nothing is left
    to run it again, and its state stays PENDING (the snippet does not set
    task_track_started, so nothing ever stored STARTED)."""
    assert early_ack.app.conf.task_track_started is False
    broker = redis.Redis.from_url(clean_redis)
    worker = real_worker(early_ack.app, early_ack, extra_args=["-I", "early_ack"])
    running = early_ack.fingerprint.delay("order-1", ROUNDS)
    worker.wait_for_log(f"Task early_ack.fingerprint[{running.id}] received")
    # Acknowledged (gone from the unacknowledged set) once a pool process has
    # taken it: the task runs.
    wait_until(lambda: broker.hlen("unacked") == 0, "never acknowledged")
    pause_pool(worker)  # the export outlasts the grace period
    assert f"{running.id}] succeeded" not in worker.output()
    worker.process.send_signal(signal.SIGTERM)  # to the main process, as Kubernetes
    worker.wait_for_log("worker: Warm shutdown")
    worker.kill()  # the grace period is over: SIGKILL
    assert f"{running.id}] succeeded" not in worker.output()
    assert running.state == "PENDING"  # and so it stays
    assert queued(early_ack.app) == 0
    assert broker.hlen("unacked") == 0
