import pytest

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

_tasks = snippet("canvas", "tasks")
app = _tasks.app


@pytest.fixture(scope="module")
def worker(new_redis_db, tmp_path_factory):
    """The worker the page's reader starts (``celery -A tasks worker``, prefork),
    on a throwaway Redis, one per test module (starting one costs seconds)."""
    with snippet_worker(
        app, _tasks, new_redis_db(), tmp_path_factory.mktemp("canvas")
    ) as running:
        yield running
