import pytest

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("never_wait_inside_a_task")


@pytest.fixture(scope="package")
def worker(new_redis_db, tmp_path_factory):
    """A prefork worker: the .get() guard is only armed inside a real worker."""
    with snippet_worker(
        tasks.app,
        tasks,
        new_redis_db(),
        tmp_path_factory.mktemp("never_wait"),
        concurrency=2,
        extra_args=["-I", "waits_inside"],
    ) as running:
        yield running
