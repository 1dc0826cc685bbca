"""With the default early acknowledgement, a killed worker loses its task."""

import time

import pytest
import redis

from tests.acks_late.conftest import ROUNDS, kill_mid_task
from tests.support.snippets import snippet

acks_early = snippet("acks_late", "acks_early")


@pytest.mark.worker
def test_a_task_killed_with_its_worker_is_gone(start_worker, clean_redis):
    first = start_worker()
    result = acks_early.fingerprint.delay("order-42", ROUNDS)
    kill_mid_task(first, result, acknowledged_on=clean_redis)
    second = start_worker()
    # Past the visibility timeout (3 s) and a restore sweep (1 s), with margin.
    time.sleep(7)
    assert result.state == "STARTED"  # and will stay so: no one runs it again
    assert result.id not in second.output()
    broker = redis.Redis.from_url(clean_redis)
    assert broker.llen("celery") == 0
    assert broker.hlen("unacked") == 0  # nothing left to redeliver
