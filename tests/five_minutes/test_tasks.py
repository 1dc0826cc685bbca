import celery.exceptions
import pytest
import redis
from celery.result import AsyncResult

from tests.support.apps import configured
from tests.support.printed import assert_prints_as_commented
from tests.support.snippets import snippet

tasks = snippet("five_minutes")


def test_add_is_a_plain_function_too():
    assert tasks.add(4, 5) == 9


@pytest.mark.worker
def test_delay_then_get_prints_as_commented(inprocess_worker, capsys):
    inprocess_worker(tasks.app)
    assert_prints_as_commented(tasks.main, capsys)


def test_without_a_worker_the_message_waits_and_the_result_stays_pending(
    clean_redis,
):
    with (
        configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis),
        redis.Redis.from_url(clean_redis) as broker,
    ):
        result = tasks.add.delay(4, 5)
        assert isinstance(result, AsyncResult)  # returned at once
        with pytest.raises(celery.exceptions.TimeoutError):
            result.get(timeout=0.5)
        assert result.state == "PENDING"
        assert broker.llen("celery") == 1  # the message, waiting for a worker


def test_the_app_has_a_result_backend_for_get():
    # Without one, result.get() in main() raises: the backend stores the 9.
    assert tasks.app.conf.result_backend.startswith("redis://")
