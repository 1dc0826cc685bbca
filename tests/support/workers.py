"""Real workers for tests that eager mode would lie to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.worker import state
from celery.worker.consumer import Consumer

from tests.support.apps import IN_MEMORY, configured


@contextmanager
def inprocess_worker(app: Celery, **settings) -> Iterator[Consumer]:
    """A real worker thread on the memory broker, for the length of the block.

    Real messages, countdowns, retries, callbacks and canvas; the solo pool
    enforces no time limit and there is no process to kill.
    """
    with configured(app, **{**IN_MEMORY, **settings}):
        app.control.purge()  # the memory transport is shared by every app
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker:
            try:
                yield worker
            finally:
                # start_worker's own way out, made quick: the flag it sets is
                # read between waits for messages of up to 2 s, and one more
                # wait follows the read; a control message ends each wait.
                state.should_terminate = 0
                for _ in range(2):
                    app.control.broadcast("ping", reply=False)
        app.control.purge()
