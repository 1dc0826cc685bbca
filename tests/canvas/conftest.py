import pytest

from tests.support.snippets import snippet
from tests.support.workers import inprocess_worker

_tasks = snippet("canvas", "tasks")
app = _tasks.app


@pytest.fixture(scope="module")
def worker():
    """One worker thread per test module (stopping one costs seconds)."""
    with inprocess_worker(app) as running:
        yield running
