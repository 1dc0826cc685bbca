"""Which pool enforces which time limit: each cell of the page's table, on a
real ``celery worker -P <pool>`` process.

Each pool gets one worker; a task that sleeps a few seconds runs once under a
1 s soft limit and once under a 1 s hard limit. The tests assert what came
back, never how long it took.
"""

import re
import time
from pathlib import Path

import pytest
from celery.exceptions import TimeLimitExceeded

from tests.support.probes import probe as load_probe
from tests.support.probes import registered
from tests.support.worker_process import snippet_worker

PAGE = Path(__file__).resolve().parents[2] / "docs/handling-failure/time-limits.md"
LIMIT = 1
WORK = 3  # seconds: past the limit, so the limit decides how the task ends

# pool: (soft_time_limit enforced, time_limit enforced), for a task that waits.
ENFORCES = {
    "prefork": (True, True),
    "threads": (False, False),
    "solo": (False, False),
    "gevent": (False, True),
    "eventlet": (False, False),
}


probe = load_probe(Path(__file__).with_name("pool_probe.py"))


@pytest.fixture(scope="module", params=list(ENFORCES))
def pool_worker(request, new_redis_db, tmp_path_factory):
    pool = request.param
    with (
        registered(probe),
        snippet_worker(
            probe.app,
            probe,
            new_redis_db(),
            tmp_path_factory.mktemp(f"pool_{pool}"),
            pool=pool,
            concurrency=2,
        ) as running,
    ):
        yield pool, running


def outcome(result):
    """Which limit ended the task, from what its result holds."""
    try:
        value = result.get(timeout=30)
    except TimeLimitExceeded:
        return "hard limit"
    return {probe.SOFT_LIMIT_RAISED: "soft limit", probe.RAN_TO_THE_END: "none"}[value]


@pytest.mark.worker
def test_each_pool_enforces_the_limits_the_page_says(pool_worker):
    pool, worker = pool_worker
    soft = probe.sleeps.apply_async((WORK,), soft_time_limit=LIMIT)
    hard = probe.sleeps.apply_async((WORK,), time_limit=LIMIT)
    soft_enforced, hard_enforced = ENFORCES[pool]
    assert outcome(soft) == ("soft limit" if soft_enforced else "none")
    assert outcome(hard) == ("hard limit" if hard_enforced else "none")
    if pool == "prefork":
        # The process that ran it is ended, and a new one takes its place.
        worker.wait_for_log(f"Hard time limit ({LIMIT}s) exceeded")
        worker.wait_for_log(" exited with '")
        ended = int(re.search(r"pid:(\d+) exited with", worker.output())[1])
        assert_replaced(ended, processes=2)
    if pool == "gevent":
        # A gevent.Timeout raised inside the task: its finally block runs.
        worker.wait_for_log(f"finally ran for {hard.id}")


def assert_replaced(pid, processes):
    deadline = time.monotonic() + 30
    while True:
        stats = probe.app.control.inspect(timeout=5, limit=1).stats() or {}
        pids = [p for worker in stats.values() for p in worker["pool"]["processes"]]
        if len(pids) == processes and pid not in pids:
            return
        assert time.monotonic() < deadline, f"pool processes: {pids}, ended: {pid}"
        time.sleep(0.2)


@pytest.mark.worker
@pytest.mark.parametrize("pool_worker", ["gevent"], indirect=True)
def test_gevent_cannot_interrupt_a_task_that_never_yields(pool_worker):
    _, worker = pool_worker
    busy = probe.computes.apply_async((WORK,), time_limit=LIMIT)
    # The timeout fires at the task's first yield, once its work is done: the
    # work was not stopped, and the result is a failure all the same.
    assert outcome(busy) == "hard limit"
    assert f"work done for {busy.id}" in worker.output()


TABLE_ROW = re.compile(r"^\| `(\w+)`[^|]*\| (\w+)[^|]*\| (\w+)[^|]*\|$", re.M)


def test_the_pages_table_says_what_these_tests_show():
    rows = {
        pool: (soft == "enforced", hard == "enforced")
        for pool, soft, hard in TABLE_ROW.findall(PAGE.read_text(encoding="utf-8"))
    }
    assert rows == ENFORCES
