"""The PostgreSQL server of the Django examples' tests, and how to reach it.

The server is pytest-postgresql's process fixture (tests/conftest.py) running
Debian's binaries through ``pg_ctl_for_tests``: initdb without waiting for the
disk, and, where the tests run as root (a container), which PostgreSQL refuses,
as an unprivileged user in a user namespace of its own.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.support.servers import find_pg_ctl

PG_CTL_FOR_TESTS = Path(__file__).with_name("pg_ctl_for_tests")
# The worker processes read the test database's connection from here
# (tests/django_settings.py): its name exists only once pytest-django made it.
DATABASE_ENV = "CHECKLIST_TEST_DATABASE"
CONNECTION_KEYS = ("NAME", "HOST", "PORT", "USER", "PASSWORD")


def pg_ctl_for_tests() -> str | None:
    """The ``pg_ctl`` the fixture runs: ``find_pg_ctl()``'s, through the wrapper.

    None when there is none: the plugin then says how to install one.
    """
    return None if find_pg_ctl() is None else str(PG_CTL_FOR_TESTS)


def database_env(settings_dict: dict) -> dict[str, str]:
    """Environment that points another process's Django at this database."""
    connection = {key: settings_dict[key] for key in CONNECTION_KEYS}
    return {DATABASE_ENV: json.dumps(connection)}


def backends_waiting_for_a_lock(settings_dict: dict) -> int:
    """How many connections to this database wait for a lock right now."""
    import psycopg

    with psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,  # each query a fresh look at pg_stat_activity
    ) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return count


def wait_for_lock_waiters(settings_dict: dict, count: int, timeout: float = 60):
    """Return once ``count`` connections wait for a lock; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while (waiting := backends_waiting_for_a_lock(settings_dict)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{waiting} connections wait for a lock, not {count}")
        time.sleep(0.05)
