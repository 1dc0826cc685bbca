"""Each row of the page's table: what eager mode does, next to a real worker."""

import re
import time

import pytest
import redis

from tests.support.snippets import snippet

tasks = snippet("eager_mode")


ROWS = 2_000_000  # about 1.5 s of work: well past a 0.2 s soft limit


def test_time_limit_eagerly_the_task_runs_to_the_end(eager):
    eager(tasks.app)
    result = tasks.count_rows.apply_async((ROWS,), soft_time_limit=0.2)
    assert result.get() == {"rows": ROWS, "complete": True}


def runtime(worker, result):
    """The run time the worker logged for ``result``'s task, in seconds."""
    worker.wait_for_log(f"[{result.id}] succeeded in ")
    pattern = rf"\[{result.id}\] succeeded in ([0-9.]+)s"
    return float(re.search(pattern, worker.output())[1])


@pytest.mark.worker
def test_time_limit_on_a_worker_the_task_is_interrupted(worker):
    result = tasks.count_rows.apply_async((ROWS,), soft_time_limit=0.2)
    outcome = result.get(timeout=20)
    assert outcome["complete"] is False
    assert 0 < outcome["rows"] < ROWS
    # Stopped at the limit: 0.2 s, and far less than the whole count takes.
    stopped_after = runtime(worker, result)
    whole = tasks.count_rows.delay(ROWS)
    assert whole.get(timeout=30)["complete"] is True
    assert 0.2 <= stopped_after < min(1.0, runtime(worker, whole) / 2)


def test_countdown_eagerly_the_task_runs_at_once(eager):
    eager(tasks.app)
    started = time.monotonic()
    result = tasks.count_rows.apply_async((10,), countdown=30)
    assert result.ready()  # finished inside apply_async, not 30 s later
    assert time.monotonic() - started < 30


@pytest.mark.worker
def test_countdown_on_a_worker_the_task_waits(worker):
    started = time.monotonic()
    result = tasks.count_rows.apply_async((10,), countdown=2)
    result.get(timeout=20)
    assert time.monotonic() - started >= 2


def test_queues_eagerly_the_route_is_ignored(eager):
    eager(tasks.app)
    assert tasks.build_report.delay("monthly").get() == "report monthly built"


@pytest.mark.worker
def test_queues_on_a_worker_of_another_queue_the_task_waits(worker):
    result = tasks.build_report.delay("monthly")
    time.sleep(1.5)
    assert result.state == "PENDING"
    broker = redis.Redis.from_url(tasks.app.conf.broker_url)
    assert broker.llen("reports") == 1  # waiting for a worker with -Q reports
    assert result.id not in worker.output()


def test_return_values_eagerly_the_python_objects_come_back(eager):
    eager(tasks.app)
    assert tasks.report_period.delay("2026-11").get() == ("2026-11-01", "2026-11-30")


@pytest.mark.worker
def test_return_values_on_a_worker_they_come_back_through_json(worker):
    period = tasks.report_period.delay("2026-11").get(timeout=10)
    assert period == ["2026-11-01", "2026-11-30"]  # JSON has no tuples


@pytest.mark.parametrize(
    ("month", "last"),
    [("2026-11", "30"), ("2026-12", "31"), ("2026-02", "28"), ("2028-02", "29")],
)
def test_report_period_ends_on_the_months_last_day(month, last):
    assert tasks.report_period(month) == (f"{month}-01", f"{month}-{last}")
