"""The backoff is real: on a worker the waits between tries grow, then it gives up."""

import httpx
import pytest
from celery.exceptions import Retry

from tests.support.fake_api import fake_api
from tests.support.snippets import snippet
from tests.support.workers import inprocess_worker

tasks = snippet("exponential_backoff")


def test_the_task_backs_off_with_jitter_up_to_a_cap_and_gives_up():
    task = tasks.likes_do_facebook
    assert task.retry_backoff is True
    assert task.retry_jitter is True
    assert task.retry_backoff_max == tasks.MAX_WAIT == 600
    assert task.max_retries == 5


def test_the_jitter_spreads_the_waits_of_one_retry(eager):
    eager(tasks.app)  # propagation on: each retry is raised here, with its wait
    waits = set()
    with fake_api(failures=100) as api:
        for _ in range(20):
            with pytest.raises(Retry) as retry:
                tasks.likes_do_facebook.apply((api.url,), retries=4, throw=True)
            waits.add(retry.value.when)
    # The backoff alone waits 16 s before the fifth retry, every time.
    assert len(waits) > 1
    assert max(waits) <= 16


def test_without_retry_backoff_max_in_the_decorator_retry_after_is_still_capped(
    eager, monkeypatch
):
    eager(tasks.app)
    task = tasks.app.tasks[tasks.likes_do_facebook.name]  # not its proxy
    monkeypatch.delattr(type(task), "retry_backoff_max")
    assert not hasattr(task, "retry_backoff_max")
    headers = {"Retry-After": "7200"}
    with (
        fake_api(failures=1, failure_status=429, failure_headers=headers) as api,
        pytest.raises(Retry) as retry,
    ):
        tasks.likes_do_facebook.delay(api.url)
    assert retry.value.when == tasks.MAX_WAIT


def test_a_4xx_is_not_retried(eager):
    eager(tasks.app)
    with fake_api(failures=5, failure_status=404) as api:
        with pytest.raises(httpx.HTTPStatusError):
            tasks.likes_do_facebook.delay(api.url)
        assert len(api.request_times) == 1


@pytest.mark.parametrize("status", [408, 429])
def test_a_request_timeout_or_a_rate_limit_is_retried(eager, status):
    eager(tasks.app, task_eager_propagates=False)
    with fake_api(failures=1, failure_status=status) as api:
        assert tasks.likes_do_facebook.delay(api.url).get() == {"likes": 42}
        assert len(api.request_times) == 2


@pytest.mark.parametrize(("retry_after", "wait"), [("3", 3), ("7200", 600)])
def test_a_retry_after_is_waited_instead_of_the_backoff_up_to_the_cap(
    eager, retry_after, wait
):
    eager(tasks.app)  # propagation on: the retry is raised here, with its wait
    headers = {"Retry-After": retry_after}
    with (
        fake_api(failures=1, failure_status=429, failure_headers=headers) as api,
        pytest.raises(Retry) as retry,
    ):
        tasks.likes_do_facebook.delay(api.url)
    assert retry.value.when == wait
    assert tasks.likes_do_facebook.retry_backoff_max == tasks.MAX_WAIT == 600


def test_retries_after_retry_after_count_against_max_retries(eager):
    eager(tasks.app, task_eager_propagates=False)
    headers = {"Retry-After": "600"}  # not waited: eager mode skips countdowns
    with fake_api(failures=100, failure_status=429, failure_headers=headers) as api:
        result = tasks.likes_do_facebook.delay(api.url)
    assert isinstance(result.result, tasks.TryAgainLater)
    assert len(api.request_times) == 1 + tasks.likes_do_facebook.max_retries


def test_eager_mode_skips_the_waits(eager, monkeypatch):
    # task_eager_propagates=False: eager mode retries in place, with no wait.
    eager(tasks.app, task_eager_propagates=False)
    # Ten minutes before each retry: a test that waited them would time out.
    monkeypatch.setattr(
        "celery.app.autoretry.get_exponential_backoff_interval", lambda **_: 600
    )
    with fake_api(failures=2) as api:
        result = tasks.likes_do_facebook.delay(api.url)
        # All three tries happened inside delay(), before it returned.
        assert result.ready()
        assert len(api.request_times) == 3
        assert result.get() == {"likes": 42}


@pytest.fixture(scope="module")
def worker():
    with inprocess_worker(tasks.app) as running:
        yield running


@pytest.fixture
def jitter_at_its_ceiling(monkeypatch):
    # retry_jitter picks a wait in [0, cap]; pin it to the cap to measure the cap.
    monkeypatch.setattr("celery.utils.time.random.randrange", lambda stop: stop - 1)


@pytest.mark.worker
def test_on_a_worker_the_waits_grow_then_it_gives_up(
    worker, jitter_at_its_ceiling, monkeypatch
):
    monkeypatch.setattr(tasks.likes_do_facebook, "max_retries", 2)
    with fake_api(failures=10) as api:
        result = tasks.likes_do_facebook.delay(api.url)
        with pytest.raises(tasks.TryAgainLater):
            result.get(timeout=20)
    first, second = api.gaps()
    assert len(api.request_times) == 3  # one try and max_retries retries
    # A retry's ETA is never early; lateness only grows with the machine's load.
    assert 0.95 <= first < second  # 1 s, then...
    assert 1.95 <= second < 6  # ...2 s


@pytest.mark.worker
def test_on_a_worker_a_passing_outage_ends_in_success(worker):
    with fake_api(failures=1) as api:
        assert tasks.likes_do_facebook.delay(api.url).get(timeout=20) == {"likes": 42}
    assert api.gaps()[0] < 4  # jittered: anywhere from 0 to 1 s, plus load


@pytest.mark.worker
def test_on_a_worker_a_rate_limit_waits_its_retry_after(worker):
    headers = {"Retry-After": "3"}
    with fake_api(failures=1, failure_status=429, failure_headers=headers) as api:
        assert tasks.likes_do_facebook.delay(api.url).get(timeout=20) == {"likes": 42}
    (gap,) = api.gaps()
    assert gap >= 2.95  # the backoff alone would wait 0 to 1 s
