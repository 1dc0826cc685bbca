import pytest

from snippets.canvas.tasks import app
from tests.support.workers import inprocess_worker


@pytest.fixture(scope="package")
def worker():
    """One worker thread for every canvas test (stopping one costs seconds)."""
    with inprocess_worker(app) as running:
        yield running
