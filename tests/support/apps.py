"""Reconfigure a snippet's own Celery app for one test, and put it back after."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from celery import Celery

EAGER = {
    "task_always_eager": True,
    "task_eager_propagates": True,
    "broker_url": "memory://",
    "result_backend": "cache+memory://",
}
IN_MEMORY = {
    "task_always_eager": False,
    "broker_url": "memory://",
    "result_backend": "cache+memory://",
    # The memory transport polls; a short interval keeps start and stop fast.
    "broker_transport_options": {"polling_interval": 0.01},
}


def _forget_connections(app: Celery) -> None:
    # The app caches its broker pool, result backend and queues (app.amqp, with
    # their exchange type) on first use; drop them so the next use reads the
    # settings in force now. The pools are kombu's global ones, shared with
    # other apps on the same URL: drop, never close.
    app._pool = None
    app._local = threading.local()
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
        del app.__dict__["amqp"]


@contextmanager
def configured(app: Celery, **settings) -> Iterator[Celery]:
    """``app`` with ``settings`` in force until the block ends."""
    saved = {key: app.conf[key] for key in settings if key in app.conf}
    _forget_connections(app)
    app.conf.update(settings)
    try:
        yield app
    finally:
        _forget_connections(app)
        for key in settings:
            if key in saved:
                app.conf[key] = saved[key]
            else:
                app.conf.pop(key, None)
