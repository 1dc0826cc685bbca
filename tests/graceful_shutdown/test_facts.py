"""When the soft shutdown window is waited for, as the page says."""

import signal

import pytest

from tests.graceful_shutdown.conftest import SOFT_SHUTDOWN
from tests.support.snippets import snippet

tasks = snippet("graceful_shutdown")


@pytest.mark.worker
@pytest.mark.parametrize(("on_idle", "waits"), [(False, False), (True, True)])
def test_an_idle_worker_skips_the_window_unless_told_not_to(
    real_worker, on_idle, waits
):
    settings = {**SOFT_SHUTDOWN, "worker_enable_soft_shutdown_on_idle": on_idle}
    worker = real_worker(tasks.app, tasks, settings=settings)
    worker.process.send_signal(signal.SIGQUIT)  # no task is running
    worker.process.wait(timeout=60)
    assert ("Initiating Soft Shutdown" in worker.output()) is waits
