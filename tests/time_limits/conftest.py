"""One prefork worker shared by the time-limit tests (a start costs seconds)."""

import pytest

from snippets.time_limits import tasks
from tests.support.apps import configured
from tests.support.worker_process import worker_process


@pytest.fixture(scope="package")
def worker(new_redis_db, tmp_path_factory):
    broker = new_redis_db()
    with (
        configured(tasks.app, broker_url=broker, result_backend=broker),
        worker_process(
            "snippets.time_limits.tasks",
            broker,
            tmp_path_factory.mktemp("time_limits"),
            concurrency=1,
            extra_args=["-I", "snippets.time_limits.swallows_soft_limit"],
        ) as running,
    ):
        yield running
