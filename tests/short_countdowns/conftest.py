"""A Redis broker that redelivers unacknowledged messages within seconds."""

import sqlite3
import time
from contextlib import closing

import pytest

from tests.acks_late.conftest import FAST_REDELIVERY, KOMBU, VISIBILITY_TIMEOUT
from tests.support.snippets import snippet

tasks = snippet("short_countdowns")

# TEST VALUE: a countdown longer than the 3 s test visibility timeout, as hours
# are longer than the default hour.
COUNTDOWN = 8


@pytest.fixture
def reminders_db(tmp_path, monkeypatch):
    path = tmp_path / "reminders.sqlite3"
    monkeypatch.setenv("REMINDERS_DB", str(path))
    return path


@pytest.fixture
def start_worker(real_worker, reminders_db):
    """``start_worker()``: a prefork worker for the reminders app on a Redis
    that redelivers after 3 s; callable twice for a second worker."""
    return lambda: real_worker(
        tasks.app,
        tasks,
        settings=FAST_REDELIVERY,
        env={"REMINDERS_DB": str(reminders_db)},
    )


def notifications(db_path):
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute("SELECT COUNT(*) FROM notifications").fetchone()[0]


def wait_for(condition, timeout=40):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition never held")
        time.sleep(0.1)


__all__ = ["COUNTDOWN", "KOMBU", "VISIBILITY_TIMEOUT"]
