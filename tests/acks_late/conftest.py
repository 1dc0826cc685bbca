"""Workers that are killed mid-task, on a Redis broker that redelivers in seconds."""

import os
import signal
import time
from pathlib import Path

import kombu
import pytest
import redis

from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("acks_late")

# kombu's Redis transport: redeliver an unacknowledged message after 3 s and look
# for such messages every second (defaults: 3600 s, and every 10 x 10 s).
VISIBILITY_TIMEOUT = 3
FAST_REDELIVERY = {
    "broker_transport_options": {
        "visibility_timeout": VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
}
KOMBU = tuple(int(part) for part in kombu.__version__.split(".")[:2])
# About three seconds of hashing on an idle machine: time to kill the worker.
ROUNDS = 6_000_000


@pytest.fixture
def start_worker(clean_redis, celery_worker_process):
    """Start a prefork worker for the acks-late snippets, with fast redelivery."""
    with configured(
        tasks.app, broker_url=clean_redis, result_backend=clean_redis, **FAST_REDELIVERY
    ):
        yield lambda: celery_worker_process(
            tasks,
            # STARTED in the result backend tells the test the task is running.
            settings={**FAST_REDELIVERY, "task_track_started": True},
            extra_args=["-I", "acks_early"],
        )


def kill_mid_task(worker, result, *, acknowledged_on=None):
    """Kill ``worker`` while it runs ``result``'s task (a few seconds of work).

    Waits for the task to start, not just to be received. With early
    acknowledgement, pass the broker URL as ``acknowledged_on``: the worker's
    main process acknowledges a moment after the task starts, and a kill before
    that would lose nothing, so this waits until Redis has the acknowledgement.
    """
    wait_for_started(worker, result)
    deadline = time.monotonic() + 20
    if acknowledged_on:
        with redis.Redis.from_url(acknowledged_on) as broker:
            while broker.hlen("unacked"):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"never acknowledged:\n{worker.output()}")
                time.sleep(0.05)
    worker.kill()


def kill_pool_processes(worker):
    """SIGKILL the worker's pool processes only, as an out-of-memory kill or a
    segfault ends the one process running the task: the worker's main process
    lives on, sees the loss and starts a new pool process."""
    pid = worker.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert children, worker.output()
    for child in children:
        os.kill(int(child), signal.SIGKILL)


def wait_for_started(worker, result):
    deadline = time.monotonic() + 20
    while result.state != "STARTED":
        if time.monotonic() > deadline:
            raise TimeoutError(f"task never started:\n{worker.output()}")
        time.sleep(0.05)
