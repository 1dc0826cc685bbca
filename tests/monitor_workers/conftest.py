import pytest

from snippets.monitor_workers import tasks
from tests.support.apps import configured
from tests.support.worker_process import worker_process


@pytest.fixture(scope="package")
def events_broker(new_redis_db):
    return new_redis_db()


@pytest.fixture(scope="package")
def worker(events_broker, tmp_path_factory):
    """A prefork worker of the snippet's app (events on), two pool processes."""
    with (
        configured(tasks.app, broker_url=events_broker, result_backend=events_broker),
        worker_process(
            "snippets.monitor_workers.tasks",
            events_broker,
            tmp_path_factory.mktemp("monitor_workers"),
            concurrency=2,
        ) as running,
    ):
        yield running
