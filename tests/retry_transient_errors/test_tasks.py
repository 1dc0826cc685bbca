import httpx
import pytest
from celery.signals import task_retry

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


def test_a_refused_connection_is_retried_by_the_short_form():
    retried = []

    def count(sender, **_):
        retried.append(sender.name)

    # Nothing listens on this port once the fake API has stopped.
    with fake_api() as api:
        url = api.url
    task_retry.connect(count, weak=False)
    try:
        with pytest.raises(httpx.ConnectError):
            tasks.likes_do_facebook_auto.delay(url).get(timeout=20)
    finally:
        task_retry.disconnect(count)
    task = tasks.likes_do_facebook_auto
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
