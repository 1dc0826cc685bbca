"""rate_limit holds per worker; a Redis lock keeps overlapping runs from both
doing the work."""

import contextlib
import os
import re
import signal
import time
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import kombu
import pytest
import redis
from celery.exceptions import TimeLimitExceeded
from celery.utils.time import rate
from kombu.utils.limits import TokenBucket

from tests.limit_and_lock.conftest import ROUNDS
from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("limit_and_lock")
KOMBU = tuple(int(part) for part in kombu.__version__.split(".")[:2])
SKIPPED = "skipped: a rebuild is running"

STAMP = re.compile(r"^\[(\S+ \S+): INFO/\S+\] Task tasks.sync_account\[\S+\] succeeded")


def starts(worker) -> list[float]:
    """When each sync_account finished, by the worker's own clock."""
    lines = worker.output().splitlines()
    found = [STAMP.match(line) for line in lines]
    return [
        datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
        for m in found
        if m
    ]


def wait_until_logged(text: str, *workers, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in worker.output() for worker in workers):
        assert time.monotonic() < deadline, f"no {text!r} in any worker's log"
        time.sleep(0.05)


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


#: Half a second of hashing or more after a run takes the lock: the test stops
#: its pool process long before it ends, and it holds the lock, mid-build, for
#: as long as the test needs (the ordering is the test's, not the machine's).
HELD_ROUNDS = ROUNDS // 2
# build_index(3, HELD_ROUNDS), worked out once.
HELD_INDEX = "f6c55a0c86ace2ef38ab965c636534951e39a28c77e6710e29e495eeb2fd796d"


def _stopped_or_gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in "TXZ"


def pause_pool(worker) -> list[int]:
    """SIGSTOP the worker's pool processes and wait until each has stopped;
    returns them. One that ends meanwhile (the process a hard limit stopped, on
    its way out) is left out."""
    pid = worker.process.pid
    paused = []
    for child in map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGSTOP)
            paused.append(child)
    wait_for(lambda: all(map(_stopped_or_gone, paused)), "a pool process never stopped")
    return paused


def hold_mid_build(worker, run, key: str, store) -> tuple[int, list[int]]:
    """Stop ``run`` with the lock ``key`` taken and its build not done: pause the
    worker's pool processes once the lock exists and check the run still holds
    it. Returns the pid of the process running it, and all the paused ones."""
    wait_for(lambda: store.exists(key), "the run never took the lock")
    children = pause_pool(worker)
    assert store.exists(key), "the run ended before its process was stopped"
    assert not run.ready(), "the run ended before its process was stopped"
    name = worker.node_name
    active = tasks.app.control.inspect(timeout=10, destination=[name], limit=1)
    (pid,) = [t["worker_pid"] for t in active.active()[name] if t["id"] == run.id]
    return pid, children


def resume(*pids: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # a process that just ended
            os.kill(pid, signal.SIGCONT)


KEY = "lock:rebuild_search_index:3"


@pytest.fixture(scope="module")
def rebuild_worker(new_redis_db, tmp_path_factory):
    """One prefork worker with two processes for the module's rebuilds, on a
    Redis database of its own (its start is the costly part)."""
    url = new_redis_db()
    folder = tmp_path_factory.mktemp("rebuilds")
    with snippet_worker(tasks.app, tasks, url, folder, concurrency=2) as worker:
        yield worker, redis.Redis.from_url(url)


@pytest.fixture
def rebuilds(rebuild_worker):
    """The module's rebuild worker and its Redis, as each test wants them: no
    lock taken, and every pool process running when the test ends."""
    worker, store = rebuild_worker
    store.delete(KEY)
    yield worker, store
    pid = worker.process.pid
    resume(*map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))


def test_the_rate_limit_is_one_a_second():
    assert tasks.sync_account.rate_limit == "60/m"


def test_only_the_owner_releases_the_lock(clean_redis):
    store = redis.Redis.from_url(clean_redis)
    store.set("lock:job", "mine", nx=True, ex=tasks.LOCK_SECONDS)
    assert store.eval(tasks.RELEASE, 1, "lock:job", "someone else's") == 0
    assert store.get("lock:job") == b"mine"
    assert store.eval(tasks.RELEASE, 1, "lock:job", "mine") == 1
    assert store.exists("lock:job") == 0


@pytest.mark.worker
def test_the_lock_lets_one_of_two_overlapping_runs_work(rebuilds):
    worker, store = rebuilds
    first = tasks.rebuild_search_index.delay(3, HELD_ROUNDS)
    # The first run holds the lock, mid-build, while the worker's other process
    # runs the second: the two overlap, whatever the machine's load.
    holder, paused = hold_mid_build(worker, first, KEY, store)
    resume(*(pid for pid in paused if pid != holder))
    # It expires by itself if its holder dies without releasing it.
    assert 0 < store.ttl(KEY) <= tasks.LOCK_SECONDS
    second = tasks.rebuild_search_index.delay(3, HELD_ROUNDS)
    assert second.get(timeout=60) == SKIPPED
    resume(holder)
    assert first.get(timeout=60) == HELD_INDEX
    assert tasks.lock_store().exists(KEY) == 0  # released


@pytest.mark.worker
def test_two_workers_run_twice_the_rate_of_one(real_worker):
    first = real_worker(tasks.app, tasks)
    second = real_worker(tasks.app, tasks)
    results = [tasks.sync_account.delay(n) for n in range(8)]
    [r.get(timeout=60) for r in results]
    for r in results:  # the log line may follow the stored result by a moment
        wait_until_logged(f"{r.id}] succeeded", first, second)
    per_worker = [starts(first), starts(second)]
    assert all(len(times) >= 2 for times in per_worker), per_worker
    # Each worker holds its own limit: its tasks finish about 1 s apart, after
    # at most one short gap (Celery 5.5 lets two through when it starts)...
    for times in per_worker:
        gaps = [b - a for a, b in pairwise(sorted(times))]
        assert len([gap for gap in gaps if gap < 0.5]) <= 1, gaps
        # ...and the others about a second: not held back by anything else.
        assert all(0.7 < gap < 2.5 for gap in gaps if gap >= 0.5), gaps
    # ...and neither knows about the other: they ran at the same time, each at
    # its own rate, so together at twice the rate.
    assert len(per_worker[0]) + len(per_worker[1]) == 8
    first_times, second_times = per_worker
    assert min(second_times) < max(first_times)
    assert min(first_times) < max(second_times)


def test_after_an_idle_spell_kombu_before_5_7_lets_two_through():
    # The bucket a worker builds for rate_limit="60/m": one token a second.
    bucket = TokenBucket(rate(tasks.sync_account.rate_limit), capacity=1)
    time.sleep(1.5)  # idle, the bucket full
    through = [bucket.can_consume(), bucket.can_consume()]
    assert through == ([True, False] if KOMBU >= (5, 7) else [True, True])


def test_a_run_is_killed_before_its_lock_expires():
    assert tasks.rebuild_search_index.time_limit < tasks.LOCK_SECONDS


@pytest.mark.worker
def test_a_run_releases_only_its_own_lock(rebuilds):
    worker, store = rebuilds
    first = tasks.rebuild_search_index.delay(3, HELD_ROUNDS)
    first_process, paused = hold_mid_build(worker, first, KEY, store)
    resume(*(pid for pid in paused if pid != first_process))
    store.delete(KEY)  # its lock is lost while it runs...
    second = tasks.rebuild_search_index.delay(3, HELD_ROUNDS)
    # ...and the second run, on the other process, takes it and holds it.
    second_process, _ = hold_mid_build(worker, second, KEY, store)
    assert second_process != first_process
    seconds_token = store.get(KEY)
    resume(first_process)  # the first run ends first
    assert first.get(timeout=60) != SKIPPED
    # The first run's release left the second run's lock alone.
    assert store.get(KEY) == seconds_token
    resume(second_process)
    assert second.get(timeout=60) != SKIPPED
    assert store.exists(KEY) == 0  # released by its owner


@pytest.mark.worker
def test_a_run_stopped_at_its_hard_limit_releases_its_lock(rebuilds):
    worker, store = rebuilds
    # TEST VALUE: a hard limit of 1 s, given to the call, for the snippet's 540.
    stopped = tasks.rebuild_search_index.apply_async((3, 1000 * ROUNDS), time_limit=1)
    wait_for(lambda: store.exists(KEY), "the run never took the lock")
    with pytest.raises(TimeLimitExceeded):
        stopped.get(timeout=60)
    worker.wait_for_log("Hard time limit (1s) exceeded")
    # The pool process gets SIGTERM (billiard's TERM_SIGNAL), which billiard
    # turns into SystemExit: the run's finally releases the lock before the
    # process exits.
    wait_for(lambda: not store.exists(KEY), "the stopped run kept its lock")
    next_run = tasks.rebuild_search_index.delay(3, HELD_ROUNDS)
    assert next_run.get(timeout=60) == HELD_INDEX


@pytest.mark.worker
def test_with_remap_sigterm_a_run_stopped_at_its_hard_limit_releases_its_lock(
    new_redis_db, tmp_path
):
    """With REMAP_SIGTERM=SIGQUIT (the graceful-shutdown page's setting) the
    pool process gets SIGQUIT instead, and its finally still runs."""
    url = new_redis_db()
    store = redis.Redis.from_url(url)
    remapped = {"REMAP_SIGTERM": "SIGQUIT"}
    with snippet_worker(tasks.app, tasks, url, tmp_path, env=remapped) as worker:
        stopped = tasks.rebuild_search_index.apply_async(
            (3, 1000 * ROUNDS), time_limit=1
        )
        wait_for(lambda: store.exists(KEY), "the run never took the lock")
        with pytest.raises(TimeLimitExceeded):
            stopped.get(timeout=60)
        worker.wait_for_log("Hard time limit (1s) exceeded")
        wait_for(lambda: not store.exists(KEY), "the stopped run kept its lock")


@pytest.mark.worker
def test_a_run_whose_process_is_killed_leaves_its_lock_to_expire(rebuilds):
    worker, store = rebuilds
    lost = worker.output().count("WorkerLostError")
    killed = tasks.rebuild_search_index.delay(3, HELD_ROUNDS)
    child, paused = hold_mid_build(worker, killed, KEY, store)
    os.kill(child, signal.SIGKILL)  # as the OOM killer does
    resume(*(pid for pid in paused if pid != child))
    worker.wait_for_log_count("WorkerLostError", lost + 1)
    # No finally ran: the lock stays until it expires by itself.
    assert 0 < store.ttl(KEY) <= tasks.LOCK_SECONDS
    assert tasks.rebuild_search_index.delay(3, 1).get(timeout=60) == SKIPPED
