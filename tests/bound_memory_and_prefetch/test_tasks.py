"""Pool processes are replaced after N tasks and above a memory limit; with a
prefetch of one, an idle worker takes what a busy one would have held."""

import sys
import time

import celery
import pytest

from tests.bound_memory_and_prefetch.conftest import (
    TRACK_STARTED,
    busy_worker_and_new_worker,
    process_of,
)
from tests.graceful_shutdown.conftest import queued, wait_until
from tests.support.snippets import snippet

tasks = snippet("bound_memory_and_prefetch")
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])


def test_the_limits_and_the_prefetch_are_set():
    assert tasks.app.conf.worker_max_tasks_per_child == 100
    assert tasks.app.conf.worker_max_memory_per_child == 300_000
    assert tasks.app.conf.worker_prefetch_multiplier == 1
    assert tasks.fingerprint.acks_late is True


@pytest.mark.worker
def test_a_process_is_replaced_after_max_tasks_per_child(real_worker):
    worker = real_worker(tasks.app, tasks)
    limit = 100  # the page's worker_max_tasks_per_child
    results = [tasks.send_receipt.delay(n) for n in range(limit + 1)]
    for result in results:
        result.get(timeout=60)
    first, last_of_first, next_one = (
        process_of(worker, results[i]) for i in (0, limit - 1, limit)
    )
    assert first == last_of_first != next_one


@pytest.mark.worker
def test_a_process_is_replaced_above_max_memory_per_child(real_worker):
    worker = real_worker(tasks.app, tasks)  # the snippet's own limit
    limit_bytes = tasks.app.conf.worker_max_memory_per_child * 1024
    # Each price of the list takes at least its str and its slot in the list:
    # the list alone is larger than the limit (some 320 MiB here).
    items = limit_bytes // (sys.getsizeof(f"eu-{0:07d}") + 8) + 1
    big = tasks.price_list.delay("eu", items)
    assert big.get(timeout=120) == items
    after = tasks.send_receipt.delay(1)
    after.get(timeout=20)
    assert process_of(worker, big) != process_of(worker, after)


@pytest.mark.worker
def test_an_idle_worker_takes_what_a_busy_one_does_not_reserve(real_worker):
    start = lambda: real_worker(tasks.app, tasks, settings=TRACK_STARTED)  # noqa: E731
    first, second, short, waiting = busy_worker_and_new_worker(tasks, start)
    assert waiting == 3  # the busy worker reserved none
    assert [r.get(timeout=30) for r in short] == [
        f"receipt for order {n} sent" for n in range(3)
    ]
    for r in short:  # the log line may follow the stored result by a moment
        second.wait_for_log(f"{r.id}] succeeded")
    first.kill()


def prefetch_count(app, worker) -> int:
    """The worker's prefetch count now, as ``celery inspect stats`` reports it."""
    name = worker.node_name
    stats = app.control.inspect(timeout=10, destination=[name], limit=1).stats()
    return stats[name]["prefetch_count"]


@pytest.mark.worker
def test_countdown_messages_are_taken_past_the_prefetch(real_worker):
    """A countdown raises the prefetch count as it arrives: a worker with the
    snippet's prefetch of one takes all five from the queue, and holds them."""
    worker = real_worker(tasks.app, tasks)  # one process, as the page's -c 1
    assert prefetch_count(tasks.app, worker) == 1  # the snippet's multiplier x 1
    for n in range(5):
        tasks.send_receipt.apply_async((n,), countdown=600)
    wait_until(lambda: queued(tasks.app) == 0, "the worker left them queued")
    worker.wait_for_log_count("] received", 5)
    assert prefetch_count(tasks.app, worker) == 1 + 5


@pytest.mark.worker
@pytest.mark.skipif(CELERY < (5, 6), reason="worker_eta_task_limit is new in 5.6")
def test_worker_eta_task_limit_caps_the_whole_prefetch(real_worker):
    """The limit caps the worker's prefetch count, countdowns and all: holding
    two countdowns, an idle worker with a limit of two takes no other task."""
    worker = real_worker(tasks.app, tasks, settings={"worker_eta_task_limit": 2})
    assert prefetch_count(tasks.app, worker) == 1  # the snippet's multiplier x 1
    for n in range(5):
        tasks.send_receipt.apply_async((n,), countdown=600)
    worker.wait_for_log_count("] received", 2)
    now = tasks.send_receipt.delay(99)  # due now, behind three countdowns
    deadline = time.monotonic() + 3  # room to take more, if it would
    while time.monotonic() < deadline:
        assert worker.output().count("] received") == 2
        time.sleep(0.2)
    assert prefetch_count(tasks.app, worker) == 2
    assert queued(tasks.app) == 3 + 1
    assert now.state == "PENDING"


@pytest.mark.worker
@pytest.mark.skipif(CELERY < (5, 6), reason="worker_eta_task_limit is new in 5.6")
def test_worker_eta_task_limit_leaves_an_idle_worker_idle(real_worker):
    """Two countdowns held, nothing running: a task due now stays in the queue."""
    worker = real_worker(tasks.app, tasks, settings={"worker_eta_task_limit": 2})
    for n in range(2):
        tasks.send_receipt.apply_async((n,), countdown=600)
    worker.wait_for_log_count("] received", 2)
    wait_until(lambda: queued(tasks.app) == 0, "the worker left them queued")
    now = tasks.send_receipt.delay(99)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        assert f"{now.id}] received" not in worker.output()
        time.sleep(0.2)
    assert queued(tasks.app) == 1
    assert now.state == "PENDING"
