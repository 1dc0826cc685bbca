import pytest

from snippets.monitor_workers import tasks
from tests.support.worker_process import snippet_worker


@pytest.fixture(scope="package")
def events_broker(new_redis_db):
    return new_redis_db()


@pytest.fixture(scope="package")
def worker(events_broker, tmp_path_factory):
    """A prefork worker of the snippet's app (events on), two pool processes."""
    with snippet_worker(
        tasks.app,
        "snippets.monitor_workers.tasks",
        events_broker,
        tmp_path_factory.mktemp("monitor_workers"),
        concurrency=2,
    ) as running:
        yield running
