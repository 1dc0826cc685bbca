import pytest

from snippets.real_worker_tests import tasks
from tests.support.workers import inprocess_worker

LOG = ["GET / 200", "GET /pay 500", "GET /pay 503", "GET /about 200"]


@pytest.fixture(scope="module")
def worker():
    with inprocess_worker(tasks.app) as running:
        yield running
