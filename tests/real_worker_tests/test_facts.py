"""What the page says about celery.contrib.testing's worker and pytest plugin."""

import threading
import time

import pytest
from celery import Celery
from celery.contrib import pytest as celery_pytest
from celery.contrib.testing.app import DEFAULT_TEST_CONFIG, TestApp
from celery.contrib.testing.worker import start_worker
from celery.exceptions import TimeoutError as CeleryTimeoutError

from tests.support.apps import configured

app = Celery("facts")
app.conf.update(task_serializer="json", result_serializer="json")


@app.task(shared=False, soft_time_limit=0.1, time_limit=0.2)
def slow():
    time.sleep(0.5)
    return "finished"


@app.task(shared=False)
def double(x):
    return 2 * x


@app.task(shared=False)
def double_and_wait(x):
    return double.delay(x).get(timeout=1)


@pytest.mark.worker
def test_start_worker_uses_the_apps_own_broker(clean_redis):
    with (
        configured(app, broker_url=clean_redis, result_backend=clean_redis),
        start_worker(app, pool="solo", perform_ping_check=False) as worker,
    ):
        assert worker.app.connection().as_uri().startswith("redis://")
        assert double.delay(21).get(timeout=10) == 42


@pytest.mark.worker
def test_stopping_a_worker_thread_takes_seconds():
    with configured(app, broker_url="memory://", result_backend="cache+memory://"):
        with start_worker(app, pool="solo", perform_ping_check=False):
            assert double.delay(1).get(timeout=10) == 2
            stopping = time.monotonic()
        assert time.monotonic() - stopping >= 2


@pytest.mark.worker
def test_the_solo_pool_enforces_no_time_limit():
    with (
        configured(app, broker_url="memory://", result_backend="cache+memory://"),
        start_worker(app, pool="solo", perform_ping_check=False),
    ):
        assert slow.delay().get(timeout=10) == "finished"


@pytest.mark.worker
def test_start_worker_lets_a_task_wait_on_another(inprocess_worker):
    # The guard against .get() inside a task is off in a start_worker test: the
    # task waits for a subtask that its one busy solo slot can never run.
    inprocess_worker(app)
    with pytest.raises(CeleryTimeoutError):
        double_and_wait.delay(1).get(timeout=10)


def test_the_pytest_plugin_has_the_pages_fixtures_and_a_test_app():
    for fixture in ("celery_app", "celery_worker", "celery_config"):
        assert hasattr(celery_pytest, fixture)
    assert DEFAULT_TEST_CONFIG["broker_url"] == "memory://"
    assert DEFAULT_TEST_CONFIG["result_backend"] == "cache+memory://"
    fresh = TestApp()  # what celery_app builds, with celery_config on top
    assert fresh.conf.broker_url == "memory://"
    assert fresh.conf.result_backend == "cache+memory://"


def test_an_app_keeps_the_broker_pool_and_each_thread_the_backend_it_made_first():
    used = Celery(
        "used_first",
        broker="redis://localhost:6379/0",
        backend="redis://localhost:6379/1",
        set_as_current=False,
    )
    backend, pool = used.backend, used.pool  # made on first use, not connected
    used.conf.update(broker_url="memory://", result_backend="cache+memory://")
    assert used.backend is backend
    assert type(backend).__name__ == "RedisBackend"
    assert used.pool is pool
    assert pool.connection.as_uri().startswith("redis://")
    # Another thread, such as start_worker's, makes its own backend from the
    # new settings, but shares the one broker pool.
    seen = []
    thread = threading.Thread(target=lambda: seen.append((used.backend, used.pool)))
    thread.start()
    thread.join()
    assert type(seen[0][0]).__name__ == "CacheBackend"
    assert seen[0][1] is pool
