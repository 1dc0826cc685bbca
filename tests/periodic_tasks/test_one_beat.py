"""Two beat processes send every entry twice; a new schedule file restarts
every interval."""

import json
import os
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager

import pytest
import redis
from celery.beat import PersistentScheduler

from tests.support.processes import readers_environment, stop_process_group
from tests.support.snippets import folder_of, snippet

tasks = snippet("periodic_tasks")

# The snippet's app, plus one entry due every second (a TEST VALUE: the
# snippet's own entries are minutes and days apart).
BEAT_APP = """\
from tasks import app, refresh_exchange_rates

app.add_periodic_task(1.0, refresh_exchange_rates.s(), name="every second")
"""
SENT = "Scheduler: Sending due task every second"


@contextmanager
def beat_process(workdir, broker_url, name):
    """``celery -A beat_app beat`` with its own schedule file, as each of two
    containers would have."""
    log = workdir / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "beat_app"),
                *("-b", broker_url, "beat", "-l", "INFO"),
                *("-s", str(workdir / f"{name}-schedule")),
            ],
            cwd=workdir,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=readers_environment(
                PYTHONPATH=os.pathsep.join([str(workdir), str(folder_of(tasks))])
            ),
        )
    try:
        yield lambda: log.read_text(errors="replace")
    finally:
        stop_process_group(process)


@pytest.mark.worker
def test_two_beats_send_every_entry_twice(clean_redis, tmp_path):
    (tmp_path / "beat_app.py").write_text(BEAT_APP)
    with ExitStack() as stack:
        logs = [
            stack.enter_context(beat_process(tmp_path, clean_redis, name))
            for name in ("beat-a", "beat-b")
        ]
        deadline = time.monotonic() + 60
        while min(log().count(SENT) for log in logs) < 3:
            assert time.monotonic() < deadline, "\n".join(log() for log in logs)
            time.sleep(0.2)
    # Every message names the process that sent it: both beats sent the entry.
    broker = redis.Redis.from_url(clean_redis)
    origins = Counter(
        json.loads(message)["headers"]["origin"]
        for message in broker.lrange("celery", 0, -1)
    )
    assert len(origins) == 2
    assert min(origins.values()) >= 3


def test_a_new_schedule_file_restarts_an_interval(tmp_path):
    def last_run_of_the_interval(schedule_file):
        beat = PersistentScheduler(app=tasks.app, schedule_filename=str(schedule_file))
        try:
            return beat.schedule["exchange rates"].last_run_at
        finally:
            beat.close()

    first_start = last_run_of_the_interval(tmp_path / "kept")
    time.sleep(1.1)  # the next deploy
    # The same file: the 15-minute interval goes on from beat's first start.
    assert last_run_of_the_interval(tmp_path / "kept") == first_start
    # A new file, as in a new container: counted from this start instead.
    assert last_run_of_the_interval(tmp_path / "new") > first_start


def test_the_schedule_file_is_celerybeat_schedule_by_default():
    assert tasks.app.conf.beat_schedule_filename == "celerybeat-schedule"
