"""One prefork worker shared by the time-limit tests (a start costs seconds)."""

import pytest

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("time_limits")


@pytest.fixture(scope="package")
def worker(new_redis_db, tmp_path_factory):
    with snippet_worker(
        tasks.app,
        tasks,
        new_redis_db(),
        tmp_path_factory.mktemp("time_limits"),
        concurrency=1,
        extra_args=["-I", "swallows_soft_limit"],
    ) as running:
        yield running
