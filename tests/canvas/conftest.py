import pytest

from snippets.canvas.tasks import app
from tests.support.workers import inprocess_worker


@pytest.fixture(scope="module")
def worker():
    """One worker thread per test module (stopping one costs seconds)."""
    with inprocess_worker(app) as running:
        yield running
