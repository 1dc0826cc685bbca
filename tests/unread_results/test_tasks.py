"""ignore_result writes no key; stored results carry the result_expires TTL."""

from datetime import UTC, datetime, timedelta

import pytest
import redis

from tests.support.snippets import snippet

tasks = snippet("unread_results")
#: The snippet's result_expires, in seconds (the page says one hour).
EXPIRES = int(tasks.app.conf.result_expires.total_seconds())

pytestmark = pytest.mark.worker


def test_the_snippet_keeps_results_one_hour():
    assert EXPIRES == 3600


def result_keys(url):
    return redis.Redis.from_url(url).keys("celery-task-meta-*")


def test_an_ignored_result_writes_no_key_and_a_kept_one_expires(
    real_worker, clean_redis, results_redis
):
    """Results in a Redis of their own, as the snippet has them: the broker's
    Redis gets none."""
    worker = real_worker(tasks.app, tasks, result_backend=results_redis)
    receipt = tasks.send_receipt.delay(7)
    quote = tasks.quote_shipping.delay(2500)
    assert quote.get(timeout=20) == 7.5
    worker.wait_for_log(f"{receipt.id}] succeeded")
    assert result_keys(results_redis) == [f"celery-task-meta-{quote.id}".encode()]
    assert result_keys(clean_redis) == []  # nothing in the broker's Redis
    assert receipt.state == "PENDING"  # nothing stored: it will never say more
    ttl = redis.Redis.from_url(results_redis).ttl(f"celery-task-meta-{quote.id}")
    assert EXPIRES - 60 < ttl <= EXPIRES


def test_a_failure_is_stored_all_the_same(real_worker, results_redis):
    real_worker(tasks.app, tasks, result_backend=results_redis)
    # Sent by name, past the caller's argument check: a TypeError in the worker.
    failed = tasks.app.send_task(tasks.send_receipt.name, (7, "extra"))
    assert failed.get(timeout=20, propagate=False) is not None
    assert failed.state == "FAILURE"
    ttl = redis.Redis.from_url(results_redis).ttl(f"celery-task-meta-{failed.id}")
    assert EXPIRES - 60 < ttl <= EXPIRES


def test_a_worker_runs_the_cleanup_task_beat_sends(real_worker, tmp_path):
    """A database backend, no TTL: the worker that takes beat's
    celery.backend_cleanup message deletes the result older than
    result_expires."""
    database = f"db+sqlite:///{tmp_path / 'results.sqlite'}"
    worker = real_worker(tasks.app, tasks, result_backend=database)
    backend = tasks.app.backend  # the database one, while the worker runs
    assert type(backend).__name__ == "DatabaseBackend"
    backend.store_result("old", "receipt sent", "SUCCESS")
    session = backend.ResultSession()
    try:
        row = session.query(backend.task_cls).filter_by(task_id="old").one()
        row.date_done = datetime.now(UTC) - timedelta(seconds=EXPIRES + 60)
        session.commit()
    finally:
        session.close()
    cleanup = tasks.app.send_task("celery.backend_cleanup")  # as beat sends it
    worker.wait_for_log(f"celery.backend_cleanup[{cleanup.id}] succeeded")
    assert backend.get_task_meta("old")["status"] == "PENDING"  # deleted
