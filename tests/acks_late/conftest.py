"""Workers that are killed mid-task, on a Redis broker that redelivers in seconds."""

import pytest

from snippets.acks_late import tasks
from tests.support.apps import configured

# kombu's Redis transport: redeliver an unacknowledged message after 3 s and look
# for such messages every second (defaults: 3600 s, and every 10 x 10 s).
FAST_REDELIVERY = {
    "broker_transport_options": {
        "visibility_timeout": 3,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
}
# About three seconds of hashing on an idle machine: time to kill the worker.
ROUNDS = 6_000_000


@pytest.fixture
def start_worker(clean_redis, celery_worker_process):
    """Start a prefork worker for the acks-late snippets, with fast redelivery."""
    with configured(
        tasks.app, broker_url=clean_redis, result_backend=clean_redis, **FAST_REDELIVERY
    ):
        yield lambda: celery_worker_process(
            "snippets.acks_late.tasks",
            settings=FAST_REDELIVERY,
            extra_args=["-I", "snippets.acks_late.acks_early"],
        )


def kill_mid_task(worker, task_id):
    worker.wait_for_log(f"[{task_id}] received")
    worker.kill()
