import pytest

from snippets.eager_mode import tasks
from tests.support.apps import configured
from tests.support.worker_process import worker_process


@pytest.fixture(scope="module")
def worker(new_redis_db, tmp_path_factory):
    """A prefork worker on the default queue only, as most projects start one."""
    broker = new_redis_db()
    with (
        configured(tasks.app, broker_url=broker, result_backend=broker),
        worker_process(
            "snippets.eager_mode.tasks",
            broker,
            tmp_path_factory.mktemp("eager_mode"),
            queues=["celery"],
        ) as running,
    ):
        yield running
