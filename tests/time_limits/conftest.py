"""One prefork worker shared by the time-limit tests (a start costs seconds)."""

import pytest

from snippets.time_limits import tasks
from tests.support.worker_process import snippet_worker


@pytest.fixture(scope="package")
def worker(new_redis_db, tmp_path_factory):
    with snippet_worker(
        tasks.app,
        "snippets.time_limits.tasks",
        new_redis_db(),
        tmp_path_factory.mktemp("time_limits"),
        concurrency=1,
        extra_args=["-I", "snippets.time_limits.swallows_soft_limit"],
    ) as running:
        yield running
