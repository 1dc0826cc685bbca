"""A countdown longer than Redis's visibility timeout runs more than once."""

import os
import signal
import time
from datetime import timedelta

import pytest
import redis

from tests.acks_late.conftest import FAST_REDELIVERY
from tests.short_countdowns.conftest import (
    COUNTDOWN,
    KOMBU,
    VISIBILITY_TIMEOUT,
    notifications,
    wait_for,
)
from tests.support.apps import configured
from tests.support.snippets import snippet

long_countdown = snippet("short_countdowns", "long_countdown")
tasks = snippet("short_countdowns")


@pytest.mark.worker
def test_a_countdown_past_the_visibility_timeout_runs_again(start_worker, reminders_db):
    start_worker()
    snippet("short_countdowns").connect().close()  # creates the tables
    long_countdown.remind_later(7, timedelta(seconds=COUNTDOWN))
    if KOMBU < (5, 7):
        # Before kombu 5.7 a worker looks for unacknowledged messages when it
        # starts, then every 100 s: a worker started after the visibility
        # timeout hands the held message out again, as a deploy would.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        start_worker()
    # Handed out again each time it has waited a visibility timeout: an 8 s
    # countdown over a 3 s timeout is held by the workers two or three times,
    # and every copy runs when the countdown ends.
    wait_for(lambda: notifications(reminders_db) >= 2)


@pytest.mark.worker
def test_below_the_visibility_timeout_the_same_countdown_runs_once(
    real_worker, reminders_db
):
    # TEST VALUE: a visibility timeout longer than the countdown.
    longer = {
        "broker_transport_options": {
            **FAST_REDELIVERY["broker_transport_options"],
            "visibility_timeout": 30,
        }
    }
    worker = real_worker(
        tasks.app, tasks, settings=longer, env={"REMINDERS_DB": str(reminders_db)}
    )
    with configured(tasks.app, **longer):
        snippet("short_countdowns").connect().close()
        long_countdown.remind_later(7, timedelta(seconds=COUNTDOWN))
        wait_for(lambda: notifications(reminders_db) == 1)
        time.sleep(VISIBILITY_TIMEOUT + 2)  # past where the 3 s timeout struck
    assert notifications(reminders_db) == 1
    assert worker.output().count("received") == 1


@pytest.mark.worker
def test_one_worker_with_the_default_timeout_hands_it_out_again(
    real_worker, reminders_db, clean_redis
):
    """A raised visibility timeout holds only if every worker on that Redis
    database has it: the shortest one puts everyone's messages back."""
    env = {"REMINDERS_DB": str(reminders_db)}
    # TEST VALUE: a visibility timeout longer than the countdown, with kombu's
    # default sweep cadence (at start, then every 100 s), as a reader sets it.
    longer = {"broker_transport_options": {"visibility_timeout": 30}}
    raised = real_worker(tasks.app, tasks, settings=longer, env=env)
    snippet("short_countdowns").connect().close()
    long_countdown.remind_later(7, timedelta(seconds=COUNTDOWN))
    raised.wait_for_log("received")
    # Held in the database's one record of unacknowledged messages, which
    # every worker on the database sweeps.
    with redis.Redis.from_url(clean_redis) as store:
        assert store.type("unacked") == b"hash"
        assert store.type("unacked_index") == b"zset"
    # TEST DEVICE: the raised worker is frozen until the other worker has put
    # the message back. On a slow machine it could otherwise run its copy (and
    # acknowledge it, leaving nothing to put back) before the other one starts.
    os.kill(raised.process.pid, signal.SIGSTOP)
    try:
        time.sleep(VISIBILITY_TIMEOUT + 1)
        # Another worker on the same database (an old deploy, another app, a
        # one-off `celery worker`) with the short timeout: its sweep at start
        # finds the message older than its own timeout and puts it back.
        real_worker(tasks.app, tasks, settings=FAST_REDELIVERY, env=env)
        wait_for(lambda: notifications(reminders_db) >= 1, timeout=90)
    finally:
        os.kill(raised.process.pid, signal.SIGCONT)
    # And the raised worker still runs the copy it holds: the reminder twice.
    wait_for(lambda: notifications(reminders_db) >= 2, timeout=60)
