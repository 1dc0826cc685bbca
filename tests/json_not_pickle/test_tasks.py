import logging

import pytest
from kombu.exceptions import EncodeError

from tests.json_not_pickle.conftest import Payload
from tests.support.snippets import snippet
from tests.support.workers import inprocess_worker

tasks = snippet("json_not_pickle")


@pytest.fixture(scope="module")
def worker():
    with inprocess_worker(tasks.app) as running:
        yield running


@pytest.mark.worker
def test_the_worker_refuses_a_pickle_message_without_loading_it(
    worker, executed, messages_of
):
    consumer_log = logging.getLogger("celery.worker.consumer.consumer")
    messages_of(consumer_log)
    attack = tasks.send_invoice.apply_async((Payload(),), serializer="pickle")
    # The worker handles messages in order: once this one is done, so is the attack.
    assert tasks.send_invoice.delay(7).get(timeout=20) == "invoice 7 sent"
    assert executed == []
    assert attack.state == "PENDING"  # dropped, never run
    (logged,) = messages_of(consumer_log)
    assert logged.startswith(
        "Received invalid task message: Refusing to deserialize untrusted content"
        " of type pickle"
    )


def test_a_json_app_cannot_even_send_an_object(eager):
    eager(tasks.app)
    with pytest.raises(EncodeError):
        tasks.send_invoice.delay(Payload())


def test_the_app_accepts_json_only():
    assert tasks.app.conf.accept_content == ["json"]
    assert tasks.app.conf.result_accept_content == ["json"]
