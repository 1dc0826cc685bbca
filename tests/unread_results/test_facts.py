"""Where results go, and who expires them, as the page says."""

from datetime import UTC, datetime, timedelta
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
    entry = cleanup_entry(f"db+sqlite:///{tmp_path / 'results.sqlite'}")
    assert entry is not None
    assert (entry.schedule.hour, entry.schedule.minute) == ({4}, {0})  # daily, 4 am
    assert cleanup_entry("redis://localhost:6380/0") is None


def test_a_database_backend_deletes_expired_results_when_cleanup_runs(tmp_path):
    """The task beat schedules, called as a worker would run it (or call
    ``app.backend.cleanup()`` yourself): expired rows go, fresh ones stay."""
    app = Celery(
        "shop",
        broker="memory://",
        backend=f"db+sqlite:///{tmp_path / 'results.sqlite'}",
        set_as_current=False,
    )
    app.conf.result_expires = timedelta(hours=1)
    app.backend.store_result("old", "receipt sent", "SUCCESS")
    app.backend.store_result("new", "receipt sent", "SUCCESS")
    session = app.backend.ResultSession()
    try:
        row = session.query(app.backend.task_cls).filter_by(task_id="old").one()
        row.date_done = datetime.now(UTC) - timedelta(hours=2)
        session.commit()
    finally:
        session.close()
    app.tasks["celery.backend_cleanup"]()  # its body: app.backend.cleanup()
    assert app.backend.get_task_meta("old")["status"] == "PENDING"  # gone
    assert app.backend.get_task_meta("new")["status"] == "SUCCESS"
