import pytest

from snippets.never_wait_inside_a_task import tasks
from tests.support.apps import configured
from tests.support.worker_process import worker_process


@pytest.fixture(scope="package")
def worker(new_redis_db, tmp_path_factory):
    broker = new_redis_db()
    """A prefork worker: the .get() guard is only armed inside a real worker."""
    with (
        configured(tasks.app, broker_url=broker, result_backend=broker),
        worker_process(
            "snippets.never_wait_inside_a_task.tasks",
            broker,
            tmp_path_factory.mktemp("never_wait"),
            concurrency=2,
            extra_args=["-I", "snippets.never_wait_inside_a_task.waits_inside"],
        ) as running,
    ):
        yield running
