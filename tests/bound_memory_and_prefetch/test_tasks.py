"""Pool processes are replaced after N tasks and above a memory limit; with a
prefetch of one, an idle worker takes what a busy one would have held."""

import pytest

from tests.bound_memory_and_prefetch.conftest import (
    BIG_PRICE_LIST,
    TRACK_STARTED,
    busy_worker_and_new_worker,
    process_of,
)
from tests.support.snippets import snippet

tasks = snippet("bound_memory_and_prefetch")


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
    # Test-only: 100 MB instead of 300 MB.
    worker = real_worker(
        tasks.app, tasks, settings={"worker_max_memory_per_child": 100_000}
    )
    big = tasks.price_list.delay("eu", BIG_PRICE_LIST)
    assert big.get(timeout=30) == BIG_PRICE_LIST
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
