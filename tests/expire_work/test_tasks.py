"""A message that waited past its expiry is revoked, not run."""

import json
import os
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from tests.expire_work.conftest import send_beat_entry
from tests.support.apps import configured
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


def test_expires_travels_as_a_time_on_the_callers_clock(clean_redis):
    with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
        before = datetime.now(UTC)
        tasks.request_refresh(7)
        after = datetime.now(UTC)
    with redis.Redis.from_url(clean_redis) as broker:
        (raw,) = broker.lrange("celery", 0, -1)
    # Not "600 s from now" but a moment: the worker compares it with its clock.
    expires = datetime.fromisoformat(json.loads(raw)["headers"]["expires"])
    ten_minutes = timedelta(seconds=600)
    assert before + ten_minutes <= expires <= after + ten_minutes


def test_the_entry_expires_before_the_next_run():
    entry = tasks.app.conf.beat_schedule[ENTRY]
    assert entry["options"]["expires"] < 15 * 60


def test_add_periodic_task_puts_expires_in_the_entry_options():
    assert tasks.app.conf.beat_schedule[ENTRY]["options"] == {"expires": 14 * 60}


def test_eager_mode_runs_even_an_expired_call(eager, sent_an_hour_ago):
    eager(tasks.app)
    sent_an_hour_ago(tasks.app)
    assert tasks.request_refresh(7).state == "SUCCESS"


@pytest.mark.worker
def test_a_call_taken_before_it_expired_runs_late(real_worker, clean_redis):
    worker = real_worker(tasks.app, tasks)
    worker.pause_pool()  # a busy pool: the worker prefetches what comes next
    # TEST VALUE: an expiry of seconds, as the snippet's ten minutes.
    late = tasks.refresh_dashboard.apply_async((7,), expires=2)
    worker.wait_for_log(f"Task tasks.refresh_dashboard[{late.id}] received")
    with redis.Redis.from_url(clean_redis) as broker:
        assert broker.llen("celery") == 0  # the worker holds it
    time.sleep(3)  # past its expiry, waiting for a free process
    pid = worker.process.pid
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        os.kill(int(child), signal.SIGCONT)  # a process is free again
    # The worker checked the expiry when it took the message, not now.
    assert late.get(timeout=30)["team"] == 7
