from contextlib import ExitStack

import pytest
import redis

from tests.support.apps import EAGER, configured
from tests.support.redis_server import redis_server
from tests.support.worker_process import worker_process
from tests.support.workers import inprocess_worker as _inprocess_worker


@pytest.fixture
def eager():
    """``eager(app, **settings)``: run ``app``'s tasks in the caller for this test.

    Eager mode still serializes arguments (a non-JSON argument raises
    ``EncodeError``) but ignores countdowns, time limits, queues and acks.
    """
    with ExitStack() as stack:
        yield lambda app, **settings: stack.enter_context(
            configured(app, **{**EAGER, **settings})
        )


@pytest.fixture
def inprocess_worker():
    """``inprocess_worker(app, **settings)``: a real worker thread for this test."""
    with ExitStack() as stack:
        yield lambda app, **settings: stack.enter_context(
            _inprocess_worker(app, **settings)
        )


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """``redis://127.0.0.1:PORT`` of a throwaway redis-server for the whole session."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def clean_redis(redis_url):
    """The session's Redis, emptied before the test."""
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    yield redis_url
    client.close()


@pytest.fixture
def celery_worker_process(redis_url, tmp_path):
    """``celery_worker_process(app_path, **options)``: a real prefork worker.

    Options: ``queues``, ``concurrency``, ``settings`` (applied on top of the
    snippet's config), ``extra_args``, ``env``. Stopped, process group and all,
    when the test ends, pass or fail.
    """
    with ExitStack() as stack:
        yield lambda app_path, **options: stack.enter_context(
            worker_process(app_path, redis_url, tmp_path, **options)
        )
