import pytest

from snippets.never_wait_inside_a_task import tasks
from tests.support.apps import configured
from tests.support.worker_process import worker_process


@pytest.fixture(scope="package")
def worker(redis_url, tmp_path_factory):
    """A prefork worker: the .get() guard is only armed inside a real worker."""
    with (
        configured(tasks.app, broker_url=redis_url, result_backend=redis_url),
        worker_process(
            "snippets.never_wait_inside_a_task.tasks",
            redis_url,
            tmp_path_factory.mktemp("never_wait"),
            concurrency=2,
            extra_args=["-I", "snippets.never_wait_inside_a_task.waits_inside"],
        ) as running,
    ):
        yield running
