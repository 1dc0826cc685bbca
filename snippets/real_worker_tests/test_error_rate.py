import pytest
from celery import chain
from celery.contrib.testing.worker import start_worker

from tasks import app, count_statuses, server_error_rate

LOG = ["GET / 200", "GET /pay 500", "GET /pay 503", "GET /about 200"]


@pytest.fixture(scope="module")
def worker():
    # A real worker in a thread: real messages, real serialization, canvas and
    # retries, on the in-memory broker and backend that conftest.py sets.
    with start_worker(app, pool="solo", perform_ping_check=False):
        yield


def test_half_the_requests_failed(worker):
    rate = chain(count_statuses.s(LOG), server_error_rate.s()).delay()
    assert rate.get(timeout=10) == 0.5


def test_counts_come_back_with_string_keys(worker):
    assert count_statuses.delay(LOG).get(timeout=10) == {"200": 2, "500": 1, "503": 1}
