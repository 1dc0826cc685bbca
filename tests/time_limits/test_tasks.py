"""Time limits hold on a real prefork worker; eager mode ignores them."""

import pytest

from tests.support.snippets import snippet

tasks = snippet("time_limits")


# Work that takes about a second on an idle machine: far past a 0.2 s soft limit.
ABOUT_A_SECOND = 300_000


def test_the_task_has_a_soft_limit_below_its_hard_limit():
    assert tasks.count_primes.soft_time_limit is not None
    assert tasks.count_primes.time_limit is not None
    assert tasks.count_primes.soft_time_limit < tasks.count_primes.time_limit


def test_without_a_limit_the_count_is_complete(eager):
    eager(tasks.app)
    assert tasks.count_primes.delay(100).get() == {
        "checked_up_to": 100,
        "primes": 25,
        "complete": True,
    }


def test_eager_mode_ignores_the_soft_limit(eager):
    eager(tasks.app)
    result = tasks.count_primes.apply_async(
        (ABOUT_A_SECOND,), soft_time_limit=0.2, time_limit=0.5
    )
    assert result.get()["complete"] is True  # ran to the end, limits unseen


@pytest.mark.worker
def test_the_soft_limit_interrupts_and_the_task_keeps_its_partial_result(worker):
    sent = tasks.count_primes.apply_async(
        (ABOUT_A_SECOND,), soft_time_limit=0.2, time_limit=5
    )
    result = sent.get(timeout=20)
    assert result["complete"] is False
    assert 2 < result["checked_up_to"] < ABOUT_A_SECOND
    assert result["primes"] > 0
    worker.wait_for_log(f"[{sent.id}] succeeded")  # handled, not a failure
