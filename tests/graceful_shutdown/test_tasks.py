"""Warm and soft shutdown on Redis: finished, or handed back to the next worker."""

import pytest

from tests.graceful_shutdown.conftest import (
    SOFT_SHUTDOWN,
    TRACK_STARTED,
    soft_shutdown_hands_a_late_task_back,
    warm_shutdown_finishes_and_hands_back,
)
from tests.support.snippets import snippet

tasks = snippet("graceful_shutdown")


def test_soft_shutdown_is_on_and_the_task_acknowledges_late():
    assert tasks.app.conf.worker_soft_shutdown_timeout > 0
    assert tasks.fingerprint.acks_late is True


@pytest.mark.worker
def test_sigterm_lets_the_running_task_finish(real_worker):
    back = warm_shutdown_finishes_and_hands_back(
        tasks, lambda: real_worker(tasks.app, tasks, settings=TRACK_STARTED)
    )
    assert back == 1  # the reserved one; the finished one was acknowledged


@pytest.mark.worker
def test_a_soft_shutdown_hands_the_task_to_the_next_worker(real_worker):
    settings = {**TRACK_STARTED, **SOFT_SHUTDOWN}
    soft_shutdown_hands_a_late_task_back(
        tasks, lambda: real_worker(tasks.app, tasks, settings=settings)
    )
