import pytest

from tests.json_not_pickle.conftest import Payload
from tests.support.snippets import snippet
from tests.support.workers import inprocess_worker

accepts_pickle = snippet("json_not_pickle", "accepts_pickle")


@pytest.mark.worker
def test_a_pickle_message_runs_code_in_the_worker(executed):
    with inprocess_worker(accepts_pickle.app):
        attack = accepts_pickle.send_invoice.delay(Payload())
        attack.get(timeout=20)
    assert executed[0] == "code ran inside the worker"
