"""acks_late + reject_on_worker_lost: a task whose worker is killed runs again;
a task that raises or hits its hard time limit is acknowledged and does not."""

import time

import pytest
import redis
from celery.exceptions import TimeLimitExceeded

from tests.acks_late.conftest import (
    KOMBU,
    ROUNDS,
    VISIBILITY_TIMEOUT,
    kill_pool_processes,
    wait_for_started,
)
from tests.graceful_shutdown.conftest import pause_pool
from tests.support.snippets import snippet

tasks = snippet("acks_late")


#: Half a second of hashing or more: the test stops the task's process
#: (SIGSTOP) once it runs, so it is still running when killed, however short.
HELD_ROUNDS = 2_000_000
# stretch("order-42", HELD_ROUNDS), worked out once.
DIGEST = "b2af3dcf56bdcc1ea9eb66ea53678504d2b9e40b7fcebb7405f97ed0560101fa"


def hold_mid_task(worker, result) -> None:
    """Stop the worker's pool process once ``result``'s task runs, and check it
    has not finished: the kill that follows lands mid-task."""
    wait_for_started(worker, result)
    pause_pool(worker)
    assert result.state == "STARTED", worker.output()


def test_the_task_acknowledges_late_and_requeues_on_worker_loss():
    assert tasks.fingerprint.acks_late is True
    assert tasks.fingerprint.reject_on_worker_lost is True
    assert tasks.app.conf.worker_prefetch_multiplier == 1


def test_the_visibility_timeout_is_above_the_tasks_hard_limit():
    # The page's rule: longer than the longest task (and countdown: none here).
    visibility_timeout = tasks.app.conf.broker_transport_options["visibility_timeout"]
    assert tasks.fingerprint.time_limit is not None
    assert visibility_timeout > tasks.fingerprint.time_limit


@pytest.mark.worker
def test_the_worker_reserves_one_message_per_process(real_worker):
    real_worker(tasks.app, tasks, concurrency=2, extra_args=["-I", "acks_early"])
    (stats,) = tasks.app.control.inspect(timeout=10).stats().values()
    assert stats["pool"]["max-concurrency"] == 2
    assert stats["prefetch_count"] == 2


def test_running_twice_gives_the_same_answer():
    assert tasks.stretch("order-42", 1000) == tasks.stretch("order-42", 1000)


@pytest.mark.worker
def test_a_task_killed_with_its_worker_runs_again_on_the_next(start_worker):
    first = start_worker()
    result = tasks.fingerprint.delay("order-42", HELD_ROUNDS)
    hold_mid_task(first, result)
    first.kill()
    if KOMBU < (5, 7):
        # Before kombu 5.7 a worker looks for unacknowledged messages when it
        # starts, then only every 100 s: the next worker must start after the
        # visibility timeout to give the task back at once.
        time.sleep(VISIBILITY_TIMEOUT)
    second = start_worker()
    assert result.get(timeout=30) == DIGEST
    # The log line follows the stored result: wait for it, do not just read.
    second.wait_for_log(f"[{result.id}] succeeded")


@pytest.mark.worker
def test_a_task_whose_process_is_killed_runs_again_on_the_same_worker(start_worker):
    # reject_on_worker_lost: the worker lives on, its pool process does not (an
    # out-of-memory kill). Without the option the task fails with WorkerLostError.
    worker = start_worker()
    result = tasks.fingerprint.delay("order-42", HELD_ROUNDS)
    hold_mid_task(worker, result)
    kill_pool_processes(worker)
    assert result.get(timeout=60) == DIGEST
    worker.wait_for_log(f"[{result.id}] succeeded")
    log = worker.output()
    assert "exited with 'signal 9 (SIGKILL)'" in log
    # Put back in the queue and received again, by the same worker (a third
    # time too when the second run outlasts the tests' short visibility
    # timeout on a busy machine).
    assert log.count(f"[{result.id}] received") >= 2


def acknowledged_and_never_run_again(worker, result, broker_url):
    """The message is gone from the queue and the unacked hash, and stays gone."""
    with redis.Redis.from_url(broker_url) as broker:
        deadline = time.monotonic() + 20
        while broker.hlen("unacked") or broker.llen("celery"):
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.05)
        # Past the (test) visibility timeout and the sweeps after it.
        time.sleep(VISIBILITY_TIMEOUT + 3)
        assert broker.hlen("unacked") == broker.llen("celery") == 0
    assert worker.output().count(f"[{result.id}] received") == 1
    assert result.state == "FAILURE"


@pytest.mark.worker
def test_a_task_that_raises_is_acknowledged_not_run_again(start_worker, clean_redis):
    worker = start_worker()
    result = tasks.fingerprint.delay("order-42", "many")  # range("many") raises
    with pytest.raises(TypeError):
        result.get(timeout=30)
    acknowledged_and_never_run_again(worker, result, clean_redis)


@pytest.mark.worker
def test_a_task_stopped_by_its_hard_time_limit_is_acknowledged_not_run_again(
    start_worker, clean_redis
):
    worker = start_worker()
    # Many seconds of hashing against a one-second hard limit (a test value),
    # which ends it after a second whatever the machine's speed.
    result = tasks.fingerprint.apply_async(("order-42", 10 * ROUNDS), time_limit=1)
    with pytest.raises(TimeLimitExceeded):
        result.get(timeout=30)
    acknowledged_and_never_run_again(worker, result, clean_redis)
