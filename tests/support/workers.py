"""Real workers for tests that eager mode would lie to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.worker.consumer import Consumer

from tests.support.apps import IN_MEMORY, configured


@contextmanager
def inprocess_worker(app: Celery, **settings) -> Iterator[Consumer]:
    """A real worker thread on the memory broker, for the length of the block.

    Real messages, countdowns, retries, callbacks and canvas; the solo pool
    enforces no time limit and there is no process to kill. Stopping takes about
    two seconds (the consumer notices between polls), so share one per module
    where the tests allow it.
    """
    with configured(app, **{**IN_MEMORY, **settings}):
        app.control.purge()  # the memory transport is shared by every app
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker:
            yield worker
        app.control.purge()
