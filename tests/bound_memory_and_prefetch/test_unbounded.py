"""No limits: one process runs everything, and a busy worker's prefetch
leaves a second worker idle."""

import time

import celery
import pytest

from tests.bound_memory_and_prefetch.conftest import (
    BIG_PRICE_LIST,
    TRACK_STARTED,
    busy_worker_and_new_worker,
    process_of,
)
from tests.support.snippets import snippet

unbounded = snippet("bound_memory_and_prefetch", "unbounded")
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])


@pytest.mark.worker
def test_one_process_keeps_running_whatever_it_holds(real_worker):
    worker = real_worker(unbounded.app, unbounded)
    big = unbounded.price_list.delay("eu", BIG_PRICE_LIST)
    assert big.get(timeout=30) == BIG_PRICE_LIST
    after = [unbounded.send_receipt.delay(n) for n in range(3)]
    [r.get(timeout=20) for r in after]
    assert {process_of(worker, r) for r in [big, *after]} == {"ForkPoolWorker-1"}


@pytest.mark.worker
def test_a_second_worker_stays_idle_while_the_busy_one_holds_messages(real_worker):
    start = lambda: real_worker(  # noqa: E731
        unbounded.app, unbounded, settings=TRACK_STARTED, extra_args=["-I", "unbounded"]
    )
    first, second, short, waiting = busy_worker_and_new_worker(unbounded, start)
    assert waiting == 0  # the busy worker reserved all three
    # Started without -O, it reports the fair strategy all the same.
    name = first.node_name
    inspect = unbounded.app.control.inspect(timeout=10, destination=[name], limit=1)
    assert inspect.stats()[name]["pool"]["writes"]["strategy"] == "fair"
    time.sleep(2)  # the second worker is ready and idle
    assert [r.state for r in short] == ["PENDING"] * 3
    assert "received" not in second.output()
    first.kill()


@pytest.mark.worker
@pytest.mark.skipif(CELERY < (5, 6), reason="worker_disable_prefetch is new in 5.6")
def test_on_redis_disable_prefetch_keeps_a_busy_worker_from_reserving(real_worker):
    start = lambda: real_worker(  # noqa: E731
        unbounded.app,
        unbounded,
        settings={**TRACK_STARTED, "worker_disable_prefetch": True},
        extra_args=["-I", "unbounded"],
    )
    first, second, short, waiting = busy_worker_and_new_worker(unbounded, start)
    assert waiting == 3
    for r in short:
        second.wait_for_log(f"{r.id}] succeeded")
    first.kill()
