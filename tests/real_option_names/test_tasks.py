"""The real options: max_retries with autoretry_for retries, a soft limit below
the hard one fires, and a call passes only per-message options."""

import socket

import celery_tasks_checklist as check
import pytest
from celery.signals import task_retry

from tests.real_option_names.conftest import FAST_LIMITS, ROWS
from tests.support.apps import IN_MEMORY, configured
from tests.support.fake_api import fake_api
from tests.support.snippets import snippet

tasks = snippet("real_option_names")


@pytest.mark.worker
@pytest.mark.parametrize("status", [503, 500, 408, 429])
def test_a_failing_fetch_is_retried(inprocess_worker, status):
    inprocess_worker(tasks.app)
    with fake_api(failures=2, failure_status=status) as api:
        assert tasks.fetch_figures.delay(api.url).get(timeout=30) == {"likes": 42}
    assert len(api.request_times) == 3


@pytest.mark.worker
def test_a_fetch_gives_up_after_max_retries(inprocess_worker):
    inprocess_worker(tasks.app)
    with fake_api(failures=10) as api:
        result = tasks.fetch_figures.delay(api.url)
        with pytest.raises(Exception, match="answered 503") as failure:
            result.get(timeout=30)
    # By name: the class comes back from whichever module is named "tasks".
    assert type(failure.value).__name__ == "TryAgainLater"
    assert len(api.request_times) == 1 + tasks.fetch_figures.max_retries


@pytest.mark.worker
@pytest.mark.parametrize("status", [404, 400, 403])
def test_a_client_error_is_not_retried(inprocess_worker, status):
    inprocess_worker(tasks.app)
    with fake_api(failures=10, failure_status=status) as api:
        result = tasks.fetch_figures.delay(api.url)
        with pytest.raises(OSError):  # noqa: PT011  urllib's HTTPError
            result.get(timeout=30)
    assert len(api.request_times) == 1


@pytest.mark.worker
def test_a_refused_connection_is_retried(inprocess_worker):
    inprocess_worker(tasks.app)
    retried = []

    def record(request=None, **_):
        retried.append(request.id)

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/me/likes"
    task_retry.connect(record, weak=False)
    try:
        result = tasks.fetch_figures.delay(url)
        with pytest.raises(OSError, match="refused"):  # urllib's URLError
            result.get(timeout=60)
    finally:
        task_retry.disconnect(record)
    assert retried == [result.id] * tasks.fetch_figures.max_retries


@pytest.mark.worker
def test_the_soft_limit_fires_before_the_hard_one(real_worker):
    real_worker(tasks.app, tasks)
    summary = tasks.summarise.apply_async((ROWS,), **FAST_LIMITS).get(timeout=30)
    assert summary["complete"] is False
    assert 0 < summary["rows"] < ROWS


def test_the_call_sends_only_options_celery_knows(published):
    with configured(tasks.app, **IN_MEMORY):
        tasks.request_summary(1000)
    (message,) = published
    assert message["headers"]["expires"]  # an absolute time, 600 s from now
    assert check.call_findings(**message) == []


def test_the_limits_are_read_where_the_task_is_defined():
    assert tasks.summarise.soft_time_limit < tasks.summarise.time_limit
    assert tasks.fetch_figures.max_retries == 3
