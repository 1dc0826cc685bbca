import pytest
from celery import chain
from celery.contrib.testing.worker import start_worker

from .tasks import app, parse_amount, to_receipt


@pytest.fixture(scope="module")
def worker():
    # A real worker in a thread, on an in-memory broker: real messages, real
    # serialization, canvas and retries, with nothing to install or start.
    app.conf.update(broker_url="memory://", result_backend="cache+memory://")
    with start_worker(app, pool="solo", perform_ping_check=False):
        yield


def test_a_receipt_from_a_chain(worker):
    receipt = chain(parse_amount.s("12.50 EUR"), to_receipt.s()).delay()
    assert receipt.get(timeout=10) == {
        "cents": 1250,
        "currency": "EUR",
        "status": "paid",
    }


def test_results_come_back_as_json_gives_them(worker):
    assert parse_amount.delay("3 USD").get(timeout=10) == [300, "USD"]
