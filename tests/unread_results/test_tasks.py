"""ignore_result writes no key; stored results carry the result_expires TTL."""

import pytest
import redis

from tests.support.snippets import snippet

tasks = snippet("unread_results")

pytestmark = pytest.mark.worker


def result_keys(url):
    return redis.Redis.from_url(url).keys("celery-task-meta-*")


def test_an_ignored_result_writes_no_key_and_a_kept_one_expires(
    real_worker, clean_redis
):
    worker = real_worker(tasks.app, tasks)
    receipt = tasks.send_receipt.delay(7)
    quote = tasks.quote_shipping.delay(2500)
    assert quote.get(timeout=20) == 7.5
    worker.wait_for_log(f"{receipt.id}] succeeded")
    client = redis.Redis.from_url(clean_redis)
    assert result_keys(clean_redis) == [f"celery-task-meta-{quote.id}".encode()]
    assert receipt.state == "PENDING"  # nothing stored: it will never say more
    ttl = client.ttl(f"celery-task-meta-{quote.id}")
    assert 3600 - 60 < ttl <= 3600


def test_a_failure_is_stored_all_the_same(real_worker, clean_redis):
    real_worker(tasks.app, tasks)
    # Sent by name, past the caller's argument check: a TypeError in the worker.
    failed = tasks.app.send_task(tasks.send_receipt.name, (7, "extra"))
    assert failed.get(timeout=20, propagate=False) is not None
    assert failed.state == "FAILURE"
    ttl = redis.Redis.from_url(clean_redis).ttl(f"celery-task-meta-{failed.id}")
    assert 3600 - 60 < ttl <= 3600
