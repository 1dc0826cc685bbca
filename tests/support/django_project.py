"""The Django project of the snippets' apps, as a web process and its workers.

The project's Celery app is the one the enqueue-after-commit page shows
(``snippets/enqueue_after_commit/proj/celery.py``); the apps' tasks are
``shared_task`` functions, which run on whichever app is current. The test
process plays the web process: it sends with the project's app, on the same
Redis database and PostgreSQL database as the prefork workers it starts.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from celery import Celery
from celery import current_app as _current_app
from django.db import connection

from tests.django_settings import APPS
from tests.support.apps import configured
from tests.support.postgres import database_env
from tests.support.worker_process import WorkerProcess, worker_process

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_MODULE = "tests.django_settings"


def project_app() -> Celery:
    return importlib.import_module("proj.celery").app


@contextmanager
def web_process(broker_url: str) -> Iterator[Celery]:
    """The project's app, current in this process and sending to ``broker_url``."""
    app = project_app()
    previous = _current_app._get_current_object()
    with configured(app, broker_url=broker_url, result_backend=broker_url):
        app.set_current()
        try:
            yield app
        finally:
            previous.set_current()


@contextmanager
def project_worker(
    broker_url: str, workdir: Path, **options
) -> Iterator[WorkerProcess]:
    """``celery -A proj worker`` (prefork) on ``broker_url`` and the test database.

    Options as for ``worker_process``. The test database exists only once
    pytest-django has created it: call this from a test or a fixture that
    depends on ``django_db_setup``.
    """
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        **database_env(connection.settings_dict),
        **options.pop("env", {}),
    }
    folders = [ROOT, *sorted({app.parent for app in APPS})]
    module = importlib.import_module("proj.celery")
    with worker_process(
        module, broker_url, workdir, env=env, pythonpath=folders, **options
    ) as worker:
        yield worker


class ProjectWorkers:
    """Prefork workers of the project, started on first use and kept for the
    session: one per set of options, each on a Redis database of its own (two
    kinds of worker on one queue would take each other's messages)."""

    def __init__(self, new_redis_db, workdir: Path, stack):
        self._new_redis_db = new_redis_db
        self._workdir = workdir
        self._stack = stack
        self._started: dict[str, tuple[str, WorkerProcess]] = {}

    def get(self, **options) -> tuple[str, WorkerProcess]:
        """``(broker_url, worker)`` for these options."""
        key = json.dumps(options, sort_keys=True)
        if key not in self._started:
            broker_url = self._new_redis_db()
            worker = self._stack.enter_context(
                project_worker(broker_url, self._workdir, **options)
            )
            self._started[key] = (broker_url, worker)
        return self._started[key]


class DjangoProject:
    """The web side of a module's tests (``app``, on ``broker_url``), and the
    worker (``worker()``) it sends to."""

    def __init__(self, app: Celery, broker_url: str, workers: ProjectWorkers, stack):
        self.app = app
        self.broker_url = broker_url
        self._workers = workers
        self._stack = stack
        self.workers: list[WorkerProcess] = []

    def worker(self, concurrency: int = 2, **options) -> WorkerProcess:
        """The session's prefork worker for these options (two processes by
        default), and this module's app sending to it from now on."""
        broker_url, worker = self._workers.get(concurrency=concurrency, **options)
        self._stack.enter_context(
            configured(self.app, broker_url=broker_url, result_backend=broker_url)
        )
        self.broker_url = broker_url
        self.workers.append(worker)
        return worker
