"""What the retry page says about Celery's retry options, checked."""

import httpx
import pytest
from celery import Celery
from celery.exceptions import Retry
from celery.utils.serialization import get_pickleable_exception

from tests.support.apps import EAGER, configured


def test_retry_limit_is_accepted_and_ignored():
    app = Celery("talk", set_as_current=False)

    @app.task(bind=True, retry_limit=4, default_retry_delay=10, shared=False)
    def likes(self):
        return None

    assert likes.max_retries == 3  # the default, not 4


def test_the_retry_defaults():
    app = Celery("defaults", set_as_current=False)

    @app.task(shared=False)
    def task():
        return None

    assert task.max_retries == 3
    assert task.default_retry_delay == 180


def test_an_exception_that_cannot_be_pickled_becomes_its_nearest_parent():
    request = httpx.Request("GET", "https://api.example.com/me/likes")
    error = httpx.HTTPStatusError(
        "503", request=request, response=httpx.Response(503, request=request)
    )
    assert type(get_pickleable_exception(error)) is httpx.HTTPError


def test_eagerly_with_propagation_retry_raises_into_the_caller():
    app = Celery("eager", set_as_current=False)
    tries = []

    @app.task(bind=True, shared=False)
    def flaky(self):
        tries.append(1)
        raise self.retry(exc=ConnectionError("down"), countdown=0)

    with configured(app, **EAGER), pytest.raises(Retry):
        flaky.delay()
    assert tries == [1]


def test_eagerly_retries_run_at_once_then_retry_raises_the_exception_given():
    app = Celery("eager", set_as_current=False)

    # default_retry_delay is 180 s: a test that waited would time out.
    @app.task(bind=True, max_retries=1, shared=False)
    def flaky(self):
        raise self.retry(exc=ConnectionError("down"))

    with configured(app, **{**EAGER, "task_eager_propagates": False}):
        result = flaky.delay()
    assert isinstance(result.result, ConnectionError)


def test_eagerly_the_count_of_retries_and_the_final_success_are_testable():
    app = Celery("eager", set_as_current=False)
    tries = []

    @app.task(bind=True, max_retries=3, shared=False)
    def flaky(self):
        tries.append(self.request.retries)
        if len(tries) < 3:
            raise self.retry(exc=ConnectionError("down"))  # 180 s, not waited
        return "done"

    with configured(app, **{**EAGER, "task_eager_propagates": False}):
        assert flaky.delay().get() == "done"
    assert tries == [0, 1, 2]


def test_retry_raises_on_its_own_the_raise_is_for_the_reader():
    app = Celery("eager", set_as_current=False)
    after = []

    @app.task(bind=True, shared=False)
    def flaky(self):
        self.retry(exc=ConnectionError("down"), countdown=0)  # no raise
        after.append("ran")

    with configured(app, **EAGER), pytest.raises(Retry):
        flaky.delay()
    assert after == []
