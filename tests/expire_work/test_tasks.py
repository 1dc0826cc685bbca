"""A message that waited past its expiry is revoked, not run."""

import time

import pytest

from tests.expire_work.conftest import send_beat_entry
from tests.support.snippets import snippet

tasks = snippet("expire_work")
ENTRY = "refresh the company dashboard"


def wait_for_state(result, state, timeout=30):
    deadline = time.monotonic() + timeout
    while result.state != state and time.monotonic() < deadline:
        time.sleep(0.1)
    return result.state


@pytest.mark.worker
def test_a_call_that_waited_too_long_is_revoked(real_worker, sent_an_hour_ago):
    worker = real_worker(tasks.app, tasks)
    sent_an_hour_ago(tasks.app)
    result = tasks.request_refresh(7)
    assert wait_for_state(result, "REVOKED") == "REVOKED"
    assert "succeeded" not in worker.output()


@pytest.mark.worker
def test_a_beat_entry_that_waited_too_long_is_revoked(real_worker, sent_an_hour_ago):
    worker = real_worker(tasks.app, tasks)
    sent_an_hour_ago(tasks.app)
    result = send_beat_entry(tasks.app, ENTRY)
    assert wait_for_state(result, "REVOKED") == "REVOKED"
    assert "succeeded" not in worker.output()


@pytest.mark.worker
def test_a_fresh_call_runs(real_worker):
    real_worker(tasks.app, tasks)
    assert tasks.request_refresh(7).get(timeout=30)["team"] == 7


def test_the_entry_expires_before_the_next_run():
    entry = tasks.app.conf.beat_schedule[ENTRY]
    assert entry["options"]["expires"] < 15 * 60


def test_add_periodic_task_puts_expires_in_the_entry_options():
    assert tasks.app.conf.beat_schedule[ENTRY]["options"] == {"expires": 14 * 60}


def test_eager_mode_runs_even_an_expired_call(eager, sent_an_hour_ago):
    eager(tasks.app)
    sent_an_hour_ago(tasks.app)
    assert tasks.request_refresh(7).state == "SUCCESS"
