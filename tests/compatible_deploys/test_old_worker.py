"""A worker a rolling deploy has not reached yet, and a caller that has."""

import pytest

from tests.support.snippets import snippet

old_worker = snippet("compatible_deploys", "old_worker")
tasks = snippet("compatible_deploys")


@pytest.mark.worker
def test_a_new_keyword_argument_fails_on_an_old_worker(real_worker):
    real_worker(tasks.app, old_worker)
    # Same task name on both sides: only the signature differs.
    assert tasks.send_invoice.name == old_worker.send_invoice.name
    old_call = tasks.send_invoice.delay(7)
    new_call = tasks.send_invoice.delay(7, copy_to="accounts@example.com")
    assert old_call.get(timeout=30) == {"invoice": 7, "sent_to": ["customer"]}
    with pytest.raises(TypeError, match="unexpected keyword argument 'copy_to'"):
        new_call.get(timeout=30)
