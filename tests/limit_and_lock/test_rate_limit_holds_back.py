"""A rate-limited task waiting for its turn holds the worker's prefetch: a burst
of them keeps the worker's other tasks in the broker while it sits idle. On a
queue of its own, with a worker of its own, it holds back nothing else."""

import time

import pytest
import redis
from celery import Celery

from tests.support.snippets import snippet

tasks = snippet("limit_and_lock")
#: sync_account runs one a second: twenty take twenty seconds.
BURST = 20
#: One process, Celery's default prefetch multiplier of four.
WINDOW = 4


ROUTES = {"tasks.sync_account": {"queue": "partner_api"}}


def send_burst_then_rebuild():
    for account_id in range(BURST):
        tasks.sync_account.delay(account_id)
    return tasks.rebuild_search_index.delay(7, 1)


@pytest.mark.worker
def test_a_burst_of_rate_limited_tasks_holds_back_the_workers_other_tasks(
    real_worker, clean_redis
):
    worker = real_worker(tasks.app, tasks)
    rebuild = send_burst_then_rebuild()
    inspect = tasks.app.control.inspect(timeout=10, limit=1)
    deadline = time.monotonic() + 30
    with redis.Redis.from_url(clean_redis) as broker:
        while True:
            assert time.monotonic() < deadline, worker.output()
            active = [t for ts in (inspect.active() or {}).values() for t in ts]
            reserved = [t for ts in (inspect.reserved() or {}).values() for t in ts]
            waiting = broker.lrange("celery", 0, -1)
            log = worker.output()
            held = log.count(" received") - log.count(" succeeded")
            # Idle (nothing running or reserved for the pool), its window full
            # of sync_account waiting for the rate limit, the rebuild in Redis.
            if not active and not reserved and held == WINDOW and waiting:
                break
            time.sleep(0.2)
    assert f"[{rebuild.id}] received" not in log
    assert rebuild.id.encode() in waiting[0]  # the newest end of the list


@pytest.mark.worker
def test_on_a_queue_of_its_own_the_rate_limited_task_holds_back_nothing(
    real_worker, clean_redis
):
    limited = real_worker(tasks.app, tasks, queues=["partner_api"])
    others = real_worker(tasks.app, tasks, queues=["celery"])
    # A sender with the page's task_routes (send_task applies them).
    sender = Celery("sender", broker=clean_redis, set_as_current=False)
    sender.conf.task_routes = ROUTES
    for account_id in range(BURST):
        sender.send_task("tasks.sync_account", (account_id,))
    sender.close()
    rebuild = tasks.rebuild_search_index.delay(7, 1)
    assert not rebuild.get(timeout=30).startswith("skipped")
    # Done while most of the burst still waits for its turn.
    synced = sum(w.output().count(" synced'") for w in (limited, others))
    assert synced < BURST / 2, "the rebuild waited for the burst"
