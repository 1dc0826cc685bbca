import pytest

from snippets.never_wait_inside_a_task import tasks
from tests.support.worker_process import snippet_worker


@pytest.fixture(scope="package")
def worker(new_redis_db, tmp_path_factory):
    """A prefork worker: the .get() guard is only armed inside a real worker."""
    with snippet_worker(
        tasks.app,
        "snippets.never_wait_inside_a_task.tasks",
        new_redis_db(),
        tmp_path_factory.mktemp("never_wait"),
        concurrency=2,
        extra_args=["-I", "snippets.never_wait_inside_a_task.waits_inside"],
    ) as running:
        yield running
