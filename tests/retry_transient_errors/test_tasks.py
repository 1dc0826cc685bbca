import re
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from celery.signals import before_task_publish, task_retry

from tests.support.fake_api import fake_api
from tests.support.snippets import snippet

tasks = snippet("retry_transient_errors")

# Errors come back through the JSON result backend as httpx.HTTPError.
STATUS = r"(503 Service Unavailable|404 Not Found)"

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("worker", "no_retry_delay")]


@pytest.mark.parametrize(
    "task",
    [tasks.likes_do_facebook, tasks.likes_do_facebook_auto],
    ids=["bind", "auto"],
)
def test_a_passing_outage_ends_in_success(task):
    failures = 2 if task is tasks.likes_do_facebook else 0
    with fake_api(failures=failures) as api:
        assert task.delay(api.url).get(timeout=20) == {"likes": 42}
    assert len(api.request_times) == failures + 1


def test_it_gives_up_after_max_retries():
    with fake_api(failures=100) as api:
        with pytest.raises(httpx.HTTPError, match=STATUS):
            tasks.likes_do_facebook.delay(api.url).get(timeout=20)
        assert len(api.request_times) == 1 + tasks.likes_do_facebook.max_retries


def test_a_client_error_is_not_retried():
    with fake_api(failures=100, failure_status=404) as api:
        with pytest.raises(httpx.HTTPError, match=STATUS):
            tasks.likes_do_facebook.delay(api.url).get(timeout=20)
        assert len(api.request_times) == 1


@pytest.mark.parametrize(
    "task",
    [tasks.likes_do_facebook, tasks.likes_do_facebook_auto],
    ids=["bind", "auto"],
)
def test_a_refused_connection_is_retried(task):
    retried = []

    def count(sender, **_):
        retried.append(sender.name)

    # Nothing listens on this port once the fake API has stopped.
    with fake_api() as api:
        url = api.url
    task_retry.connect(count, weak=False)
    try:
        with pytest.raises(httpx.ConnectError):
            task.delay(url).get(timeout=20)
    finally:
        task_retry.disconnect(count)
    assert retried == [task.name] * task.max_retries


@pytest.mark.parametrize("status", [408, 429])
def test_a_request_timeout_or_a_rate_limit_is_retried(status):
    with fake_api(failures=1, failure_status=status) as api:
        assert tasks.likes_do_facebook.delay(api.url).get(timeout=20) == {"likes": 42}
    assert len(api.request_times) == 2


def test_the_retry_waits_as_long_as_retry_after_asks():
    headers = {"Retry-After": "1"}
    with fake_api(failures=1, failure_status=429, failure_headers=headers) as api:
        assert tasks.likes_do_facebook.delay(api.url).get(timeout=20) == {"likes": 42}
    (gap,) = api.gaps()
    assert gap >= 0.95  # the retry's ETA is never early; load only makes it later


def test_the_caller_gets_the_nearest_exception_class_the_worker_can_pickle():
    with (
        fake_api(failures=100, failure_status=404) as api,
        pytest.raises(httpx.HTTPError) as raised,
    ):
        tasks.likes_do_facebook.delay(api.url).get(timeout=20)
    assert type(raised.value) is httpx.HTTPError  # not httpx.HTTPStatusError


def test_a_retry_after_longer_than_max_wait_waits_max_wait():
    etas = []

    def record(headers=None, **_):
        if headers.get("retries"):
            etas.append(datetime.fromisoformat(headers["eta"]))

    # Two hours, longer than Redis's default visibility timeout.
    headers = {"Retry-After": "7200"}
    before_task_publish.connect(record, weak=False)
    try:
        with fake_api(failures=1, failure_status=429, failure_headers=headers) as api:
            started = datetime.now(UTC)
            result = tasks.likes_do_facebook.delay(api.url)
            deadline = time.monotonic() + 20
            while not etas:
                assert time.monotonic() < deadline, "the task never retried"
                time.sleep(0.05)
    finally:
        before_task_publish.disconnect(record)
        result.revoke()  # the worker holds the retry ten minutes otherwise
    wait = (etas[0] - started).total_seconds()
    # Sent a moment after the request: the countdown plus that moment.
    assert tasks.MAX_WAIT <= wait < tasks.MAX_WAIT + 30
    assert tasks.MAX_WAIT < 3600  # the page's rule: under the visibility timeout


PAGE = (
    Path(__file__).resolve().parents[2]
    / "docs/handling-failure/retry-transient-errors.md"
)


def test_the_page_states_the_snippets_max_wait():
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    (stated,) = re.findall(r"`MAX_WAIT` \((\d+) s\)", text)
    assert int(stated) == tasks.MAX_WAIT


def first_retry_eta(task, url):
    """Send ``task`` and return the wait its first retry asks for, in seconds,
    without waiting it (the retry is revoked)."""
    etas = []

    def record(headers=None, **_):
        if headers.get("retries"):
            etas.append(datetime.fromisoformat(headers["eta"]))

    before_task_publish.connect(record, weak=False)
    try:
        started = datetime.now(UTC)
        result = task.delay(url)
        deadline = time.monotonic() + 20
        while not etas:
            assert time.monotonic() < deadline, "the task never retried"
            time.sleep(0.05)
    finally:
        before_task_publish.disconnect(record)
        result.revoke()
    return (etas[0] - started).total_seconds()


@pytest.fixture
def snippets_retry_delay(no_retry_delay, monkeypatch):
    # Undo no_retry_delay: these tests measure the snippet's own 10 s.
    monkeypatch.undo()
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    (stated,) = re.findall(r"is sent for (\d+) s later", text)
    for task in (tasks.likes_do_facebook, tasks.likes_do_facebook_auto):
        assert task.default_retry_delay == int(stated)


@pytest.mark.usefixtures("snippets_retry_delay")
@pytest.mark.parametrize(
    "task",
    [tasks.likes_do_facebook, tasks.likes_do_facebook_auto],
    ids=["bind", "auto"],
)
def test_a_refused_connection_is_retried_after_default_retry_delay(task):
    with fake_api() as api:
        url = api.url  # nothing listens here once the fake API has stopped
    wait = first_retry_eta(task, url)
    assert task.default_retry_delay <= wait < task.default_retry_delay + 30


@pytest.mark.usefixtures("snippets_retry_delay")
def test_a_503_without_retry_after_is_retried_after_default_retry_delay():
    task = tasks.likes_do_facebook
    with fake_api(failures=1) as api:
        wait = first_retry_eta(task, api.url)
    assert task.default_retry_delay <= wait < task.default_retry_delay + 30
