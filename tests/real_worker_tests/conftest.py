import pytest

from tests.support.snippets import snippet
from tests.support.workers import inprocess_worker

tasks = snippet("real_worker_tests")

LOG = ["GET / 200", "GET /pay 500", "GET /pay 503", "GET /about 200"]


@pytest.fixture(scope="module")
def worker():
    with inprocess_worker(tasks.app) as running:
        yield running
