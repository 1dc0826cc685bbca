"""A cold shutdown on Redis loses an early-acknowledged task."""

import pytest
import redis

from tests.graceful_shutdown.conftest import (
    TRACK_STARTED,
    cold_shutdown_loses_an_early_acknowledged_task,
)
from tests.support.snippets import snippet

early_ack = snippet("graceful_shutdown", "early_ack")


def test_the_task_acknowledges_early():
    assert not early_ack.fingerprint.acks_late


@pytest.mark.worker
def test_a_cold_shutdown_loses_the_running_task(real_worker, clean_redis):
    cold_shutdown_loses_an_early_acknowledged_task(
        early_ack,
        lambda: real_worker(
            early_ack.app,
            early_ack,
            # Test-only: no soft shutdown window, the cold shutdown at once.
            settings={**TRACK_STARTED, "worker_soft_shutdown_timeout": 0},
            extra_args=["-I", "early_ack"],
        ),
    )
    # Nothing waits in Redis's unacknowledged set to be redelivered later.
    assert redis.Redis.from_url(clean_redis).hlen("unacked") == 0
