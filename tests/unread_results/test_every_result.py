"""Without ignore_result every return value is a key, kept for a day."""

import pytest
import redis

from tests.support.snippets import snippet

every_result = snippet("unread_results", "every_result")


@pytest.mark.worker
def test_every_receipt_leaves_a_key_for_a_day(real_worker, clean_redis):
    real_worker(every_result.app, every_result)
    results = [every_result.send_receipt.delay(n) for n in range(3)]
    assert [r.get(timeout=20) for r in results] == [
        f"receipt for order {n} sent" for n in range(3)
    ]
    client = redis.Redis.from_url(clean_redis)
    keys = client.keys("celery-task-meta-*")
    assert len(keys) == 3
    day = 24 * 3600
    assert all(day - 60 < client.ttl(key) <= day for key in keys)
