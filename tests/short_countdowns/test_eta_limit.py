"""Countdowns a worker holds do not count against its prefetch: it takes every
one it is sent, unless Celery 5.6+'s worker_eta_task_limit caps them."""

import time

import celery
import pytest
import redis

from tests.support.snippets import snippet

tasks = snippet("short_countdowns")
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
#: Short countdowns, far more than the prefetch of one process (4 by default).
COUNTDOWNS = 12


def held_after_sending(real_worker, clean_redis, reminders_db, settings=None):
    worker = real_worker(
        tasks.app, tasks, settings=settings, env={"REMINDERS_DB": str(reminders_db)}
    )
    for user_id in range(COUNTDOWNS):
        tasks.send_reminder.apply_async((user_id,), countdown=120)
    with redis.Redis.from_url(clean_redis) as broker:
        deadline = time.monotonic() + 20
        while broker.llen("celery") + worker.output().count(" received") < COUNTDOWNS:
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.1)
        time.sleep(2)  # time to take more, if it would
        return worker.output().count(" received"), broker.llen("celery")


@pytest.mark.worker
def test_a_worker_takes_every_countdown_it_is_sent(
    real_worker, clean_redis, reminders_db
):
    assert held_after_sending(real_worker, clean_redis, reminders_db) == (
        COUNTDOWNS,
        0,
    )


@pytest.mark.worker
@pytest.mark.skipif(CELERY < (5, 6), reason="worker_eta_task_limit is new in 5.6")
def test_worker_eta_task_limit_caps_what_it_holds(
    real_worker, clean_redis, reminders_db
):
    held = held_after_sending(
        real_worker, clean_redis, reminders_db, {"worker_eta_task_limit": 5}
    )
    assert held == (5, COUNTDOWNS - 5)


#: Two processes take 2 x 4 (worker_prefetch_multiplier) messages by default.
PROCESSES, WINDOW = 2, 8
COUNTDOWN_SECONDS, TASKS_DUE_NOW = 3, 10


def taken_after_countdowns(real_worker, clean_redis, reminders_db, settings):
    """How many of TASKS_DUE_NOW a worker of two (stopped) processes takes from
    the queue, once three countdowns have arrived and run."""
    worker = real_worker(
        tasks.app,
        tasks,
        concurrency=PROCESSES,
        settings=settings,
        env={"REMINDERS_DB": str(reminders_db)},
    )
    tasks.connect().close()  # creates the tables
    for user_id in range(3):  # arrive together, run together, 3 s later
        tasks.send_reminder.apply_async((user_id,), countdown=COUNTDOWN_SECONDS)
    worker.wait_for_log_count(" succeeded", 3, timeout=40)
    # The pool's processes stop, so nothing is acknowledged: every message the
    # worker takes from now on stays counted against its prefetch window.
    worker.pause_pool()
    for user_id in range(TASKS_DUE_NOW):
        tasks.send_reminder.delay(100 + user_id)
    with redis.Redis.from_url(clean_redis) as broker:
        deadline = time.monotonic() + 20
        left, before = broker.llen("celery"), None
        while left != before or left == TASKS_DUE_NOW:  # until 2 s take nothing
            assert time.monotonic() < deadline, worker.output()
            time.sleep(2)
            left, before = broker.llen("celery"), left
        return TASKS_DUE_NOW - left


@pytest.mark.worker
def test_without_a_limit_two_processes_take_eight(
    real_worker, clean_redis, reminders_db
):
    taken = taken_after_countdowns(real_worker, clean_redis, reminders_db, None)
    assert taken == WINDOW


@pytest.mark.worker
@pytest.mark.skipif(CELERY < (5, 6), reason="worker_eta_task_limit is new in 5.6")
@pytest.mark.parametrize(
    ("limit", "taken"),
    [
        # Below the window: the first countdown cuts the window to 3, and each
        # countdown that runs lowers it by one, down to one message.
        (3, 1),
        # Above the window: 8 + 1 = 9, 10, then the third countdown is held at
        # the cap; the three that run lower it by three, to 7.
        (10, 7),
    ],
)
def test_worker_eta_task_limit_caps_the_whole_window(
    real_worker, clean_redis, reminders_db, limit, taken
):
    settings = {"worker_eta_task_limit": limit}
    assert (
        taken_after_countdowns(real_worker, clean_redis, reminders_db, settings)
        == taken
    )
