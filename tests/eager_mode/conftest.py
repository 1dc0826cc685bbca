import pytest

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("eager_mode")


@pytest.fixture(scope="module")
def worker(new_redis_db, tmp_path_factory):
    """A prefork worker on the default queue only, as most projects start one."""
    with snippet_worker(
        tasks.app,
        tasks,
        new_redis_db(),
        tmp_path_factory.mktemp("eager_mode"),
        queues=["celery"],
    ) as running:
        yield running
