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
