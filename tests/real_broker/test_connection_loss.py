"""A late-acknowledged task running when the worker's Redis connection drops:
by default it runs on, and its message is delivered again, so it runs twice;
with worker_cancel_long_running_tasks_on_connection_loss=True the first run is
terminated and the task runs again once."""

import logging
import time
from pathlib import Path

import kombu
import pytest
import redis
from celery.app.defaults import DEFAULTS
from celery.worker.consumer.consumer import CANCEL_TASKS_BY_DEFAULT

from tests.support.probes import probe
from tests.support.worker_process import snippet_worker

KOMBU = tuple(int(part) for part in kombu.__version__.split(".")[:2])
lost = probe(Path(__file__).with_name("connection_loss_probe.py"))
#: Long enough to cut the connection while it runs, even on a loaded machine.
SECONDS = 3


def cut_connections(url: str) -> int:
    """Close every client connection to ``url``'s database but this one, as a
    network failure or a Redis failover does."""
    db = int(url.rsplit("/", 1)[1])
    with redis.Redis.from_url(url) as admin:
        me = admin.client_id()
        ids = [
            c["id"]
            for c in admin.client_list()
            if int(c["db"]) == db and int(c["id"]) != me
        ]
        for client_id in ids:
            admin.client_kill_filter(_id=client_id)
    return len(ids)


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what()
        time.sleep(0.05)


def run_and_cut(clean_redis, tmp_path, settings=None, *, wait_for_log):
    """Cut the worker's connections while its task runs; the log once
    ``wait_for_log`` (text, count) is in it."""
    with snippet_worker(
        lost.app, lost, clean_redis, tmp_path, settings=settings
    ) as worker:
        result = lost.hold.delay(SECONDS)
        wait_for(lambda: result.state == "STARTED", worker.output)
        assert cut_connections(clean_redis)
        worker.wait_for_log("Connection to broker lost", timeout=20)
        worker.wait_for_log_count(*wait_for_log, timeout=30)
        assert result.get(timeout=10) == "done"
        return worker.output(), result.id


def test_the_setting_is_off_and_celery_says_6_0_turns_it_on():
    assert DEFAULTS["worker_cancel_long_running_tasks_on_connection_loss"] is False
    text = " ".join(CANCEL_TASKS_BY_DEFAULT.split())
    assert "The setting will be set to True by default in Celery 6.0." in text


def test_restoring_is_an_info_line_on_kombu_5_7_and_printed_before(caplog, capsys):
    """Which log level shows "Restoring 1 unacknowledged message(s)": kombu
    5.7 logs it at INFO (a worker at Celery's default -l WARNING does not show
    it; the tests' workers run -l INFO); kombu 5.5 and 5.6 print it to stderr."""
    with kombu.Connection("memory://") as connection:
        channel = connection.channel()
        queue = kombu.Queue("q", kombu.Exchange("q"), routing_key="q")
        queue(channel).declare()
        kombu.Producer(channel).publish({}, exchange="q", routing_key="q")
        assert channel.basic_get("q", no_ack=False) is not None
        channel.do_restore = True  # as on Redis; the memory transport has it off
        with caplog.at_level(logging.INFO, logger="kombu"):
            channel.qos.restore_unacked_once()
    line = "Restoring 1 unacknowledged message(s)"
    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    printed = capsys.readouterr().err
    if KOMBU >= (5, 7):
        assert logged == [("INFO", line)]
        assert line not in printed
    else:
        assert logged == []
        assert line in printed


@pytest.mark.worker
def test_by_default_the_running_task_goes_on_and_runs_again(clean_redis, tmp_path):
    log, task_id = run_and_cut(clean_redis, tmp_path, wait_for_log=(" succeeded", 2))
    assert "Restoring 1 unacknowledged message(s)" in log
    assert "will be set to True by default in Celery 6.0" in log
    assert log.count(f"[{task_id}] received") == 2
    assert log.count(f"[{task_id}] succeeded") == 2


@pytest.mark.worker
def test_cancel_on_connection_loss_terminates_the_run_and_it_runs_once_again(
    clean_redis, tmp_path
):
    log, task_id = run_and_cut(
        clean_redis,
        tmp_path,
        {"worker_cancel_long_running_tasks_on_connection_loss": True},
        wait_for_log=(" succeeded", 1),
    )
    assert f"[{task_id}] cannot be acknowledged after a connection loss" in log
    assert "Terminating it instead." in log
    assert log.count(f"[{task_id}] received") == 2
    assert log.count(f"[{task_id}] succeeded") == 1
