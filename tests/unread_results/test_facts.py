"""Where results go, and who expires them, as the page says."""

from urllib.parse import urlsplit

from celery import Celery
from celery.beat import Scheduler

from tests.support.snippets import snippet

tasks = snippet("unread_results")


def test_no_result_is_stored_until_a_backend_is_configured():
    assert Celery("shop").conf.result_backend is None


def test_results_go_to_another_redis_than_the_broker():
    broker = urlsplit(tasks.app.conf.broker_url)
    backend = urlsplit(tasks.app.conf.result_backend)
    assert backend.scheme == "redis"
    assert (backend.hostname, backend.port) != (broker.hostname, broker.port)


def cleanup_entry(backend: str):
    app = Celery("shop", broker="memory://", backend=backend, set_as_current=False)
    scheduler = Scheduler(app, lazy=True)
    scheduler.install_default_entries(scheduler.data)
    return scheduler.data.get("celery.backend_cleanup")


def test_only_beat_expires_results_in_a_database(tmp_path):
    # Redis expires the keys itself (a TTL); a database needs beat's daily task.
    assert cleanup_entry(f"db+sqlite:///{tmp_path / 'results.sqlite'}") is not None
    assert cleanup_entry("redis://localhost:6380/0") is None
