"""Without expires, a message that waited an hour still runs."""

import pytest

from tests.expire_work.conftest import send_beat_entry
from tests.support.snippets import snippet

no_expiry = snippet("expire_work", "no_expiry")


@pytest.mark.worker
def test_a_call_that_waited_an_hour_still_runs(real_worker, sent_an_hour_ago):
    real_worker(no_expiry.app, no_expiry)
    sent_an_hour_ago(no_expiry.app)
    assert no_expiry.request_refresh(7).get(timeout=30)["team"] == 7


@pytest.mark.worker
def test_a_beat_entry_that_waited_an_hour_still_runs(real_worker, sent_an_hour_ago):
    real_worker(no_expiry.app, no_expiry)
    sent_an_hour_ago(no_expiry.app)
    result = send_beat_entry(no_expiry.app, "refresh the company dashboard")
    assert result.get(timeout=30)["team"] == 0
