"""acks_late + reject_on_worker_lost: a task whose worker is killed runs again."""

import time

import pytest

from tests.acks_late.conftest import KOMBU, ROUNDS, VISIBILITY_TIMEOUT, kill_mid_task
from tests.support.snippets import snippet

tasks = snippet("acks_late")


DIGEST = "e991cb352975f92f892aba9ade53e84dd339c9a994b526058fadeb7f76b771bf"


def test_the_task_acknowledges_late_and_requeues_on_worker_loss():
    assert tasks.fingerprint.acks_late is True
    assert tasks.fingerprint.reject_on_worker_lost is True
    assert tasks.app.conf.worker_prefetch_multiplier == 1


def test_running_twice_gives_the_same_answer():
    assert tasks.stretch("order-42", 1000) == tasks.stretch("order-42", 1000)


@pytest.mark.worker
def test_a_task_killed_with_its_worker_runs_again_on_the_next(start_worker):
    first = start_worker()
    result = tasks.fingerprint.delay("order-42", ROUNDS)
    kill_mid_task(first, result)
    if KOMBU < (5, 7):
        # Before kombu 5.7 a worker looks for unacknowledged messages when it
        # starts, then only every 100 s: the next worker must start after the
        # visibility timeout to give the task back at once.
        time.sleep(VISIBILITY_TIMEOUT)
    second = start_worker()
    # stretch("order-42", ROUNDS), worked out once.
    assert result.get(timeout=30) == DIGEST
    # The log line follows the stored result: wait for it, do not just read.
    second.wait_for_log(f"[{result.id}] succeeded")
