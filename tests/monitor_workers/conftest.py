import pytest

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("monitor_workers")


@pytest.fixture(scope="package")
def events_broker(new_redis_db):
    return new_redis_db()


@pytest.fixture(scope="package")
def worker(events_broker, tmp_path_factory):
    """A prefork worker of the snippet's app (events on), two pool processes."""
    with snippet_worker(
        tasks.app,
        tasks,
        events_broker,
        tmp_path_factory.mktemp("monitor_workers"),
        concurrency=2,
    ) as running:
        yield running
