"""What the backoff page says about Celery's retry options, checked."""

import random

import pytest
from celery import Celery, Task
from celery.exceptions import Retry
from celery.utils.time import get_exponential_backoff_interval

from tests.support.apps import EAGER, configured


class Down(Exception):
    pass


@pytest.fixture
def app():
    app = Celery("backoff", set_as_current=False)
    with configured(app, **EAGER):
        yield app


def countdown(task, retries=0):
    """The wait the task asks for before its next retry."""
    with pytest.raises(Retry) as retry:
        task.apply(retries=retries, throw=True)
    return retry.value.when


def test_without_retry_backoff_a_retry_waits_default_retry_delay(app, monkeypatch):
    @app.task(autoretry_for=(Down,), retry_jitter=True, max_retries=20, shared=False)
    def fails():
        raise Down

    # Jitter applies only with retry_backoff: at its floor it changes nothing.
    monkeypatch.setattr("celery.utils.time.random.randrange", lambda stop: 0)
    assert countdown(fails, retries=4) == 180


def test_the_cap_is_600_s_and_jitter_is_on_by_default(app, monkeypatch):
    @app.task(autoretry_for=(Down,), retry_backoff=True, max_retries=20, shared=False)
    def fails():
        raise Down

    monkeypatch.setattr("celery.utils.time.random.randrange", lambda stop: stop - 1)
    assert countdown(fails, retries=12) == 600  # jitter at its ceiling
    monkeypatch.setattr("celery.utils.time.random.randrange", lambda stop: 0)
    assert countdown(fails, retries=12) == 0  # jitter at its floor


def test_backoff_applies_only_to_autoretry_for(app):
    @app.task(bind=True, retry_backoff=True, max_retries=20, shared=False)
    def retries_by_hand(self):
        raise self.retry(exc=Down())

    assert countdown(retries_by_hand, retries=4) == 180  # not 16


def test_with_jitter_a_capped_wait_averages_five_minutes():
    random.seed(7)
    waits = [get_exponential_backoff_interval(1, 10, 600, True) for _ in range(4000)]
    assert min(waits) >= 0
    assert max(waits) <= 600
    assert 285 < sum(waits) / len(waits) < 315


def test_eagerly_with_propagation_a_retry_raises_into_the_caller(app):
    tries = []

    @app.task(autoretry_for=(Down,), retry_backoff=True, shared=False)
    def fails():
        tries.append(1)
        raise Down

    with pytest.raises(Retry):
        fails.delay()
    assert tries == [1]


def test_max_retries_defaults_to_3():
    assert Task.max_retries == 3
    assert Celery("defaults", set_as_current=False).Task.max_retries == 3


def test_task_has_no_backoff_attributes_of_its_own(app):
    for name in ("retry_backoff", "retry_backoff_max", "retry_jitter"):
        assert not hasattr(Task, name)

    @app.task(bind=True, autoretry_for=(Down,), retry_backoff=True, shared=False)
    def reads_the_cap(self):
        return self.retry_backoff_max

    # Not set in the decorator: the attribute is missing, and the task fails.
    app.conf.task_eager_propagates = False
    result = reads_the_cap.delay()
    assert result.state == "FAILURE"
    assert isinstance(result.result, AttributeError)


@pytest.mark.parametrize(("factor", "wait"), [(0.5, 4), (2.5, 8), (True, 4)])
def test_a_fractional_factor_is_cut_to_a_whole_number_at_least_1(app, factor, wait):
    @app.task(
        autoretry_for=(Down,),
        retry_backoff=factor,
        retry_jitter=False,
        max_retries=20,
        shared=False,
    )
    def fails():
        raise Down

    assert countdown(fails, retries=2) == wait  # factor x 2 ** 2
