"""A task that swallows SoftTimeLimitExceeded is stopped only by the hard limit."""

import pytest
from celery.exceptions import TimeLimitExceeded

from tests.support.snippets import snippet

swallows_soft_limit = snippet("time_limits", "swallows_soft_limit")
tasks = snippet("time_limits")


# Several seconds of work: longer than the 1 s hard limit used below.
SECONDS_OF_WORK = 1_000_000


@pytest.mark.worker
def test_only_the_hard_limit_stops_it_and_the_work_is_lost(worker):
    result = swallows_soft_limit.count_primes.apply_async(
        (SECONDS_OF_WORK,), soft_time_limit=0.2, time_limit=1
    )
    with pytest.raises(TimeLimitExceeded):
        result.get(timeout=20)
    worker.wait_for_log("count_primes failed, starting over")  # the soft limit
    worker.wait_for_log("Hard time limit (1s) exceeded")
    assert tasks.app is swallows_soft_limit.app
