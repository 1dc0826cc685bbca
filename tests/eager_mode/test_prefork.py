"""The table's right-hand column for hooks and retries, on the worker readers
run: a prefork ``celery worker`` process, where the hooks run in the pool
process and say so in the worker's log."""

import re
import time
import types

import pytest
from celery import Celery

from tests.support.worker_process import worker_process

pytestmark = [pytest.mark.worker]

APP = """\
from celery import Celery, Task
from celery.signals import task_failure
from celery.utils.log import get_task_logger

app = Celery("eager_prefork_app")
app.conf.update(task_serializer="json", result_serializer="json")
logger = get_task_logger(__name__)


class Recorded(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.warning("hook ran: on_failure %s", task_id)

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        logger.warning("hook ran: after_return %s", task_id)


@task_failure.connect
def signalled(sender=None, task_id=None, **_):
    logger.warning("hook ran: task_failure %s", task_id)


@app.task(base=Recorded, name="eager_prefork.fails")
def fails():
    raise ValueError("no such report")


@app.task(bind=True, max_retries=3, name="eager_prefork.flaky")
def flaky(self, failures, countdown):
    logger.warning("attempt %s of %s", self.request.retries, self.request.id)
    if self.request.retries < failures:
        raise self.retry(exc=ConnectionError("try again"), countdown=countdown)
    return "done"
"""


@pytest.fixture(scope="module")
def prefork(new_redis_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("eager_prefork")
    (folder / "eager_prefork_app.py").write_text(APP)
    module = types.ModuleType("eager_prefork_app")
    module.__file__ = str(folder / "eager_prefork_app.py")
    broker = new_redis_db()
    sender = Celery("sender", broker=broker, backend=broker, set_as_current=False)
    sender.conf.update(task_serializer="json", result_serializer="json")
    with worker_process(module, broker, folder, pythonpath=[folder]) as worker:
        yield sender, worker


def test_hooks_on_a_prefork_worker_all_run(prefork):
    sender, worker = prefork
    result = sender.send_task("eager_prefork.fails")
    with pytest.raises(ValueError, match="no such report"):
        result.get(timeout=20)
    for hook in ("on_failure", "task_failure", "after_return"):
        worker.wait_for_log(f"hook ran: {hook} {result.id}")
    # In the pool process, not the worker's main process.
    hooks = [x for x in worker.output().splitlines() if result.id in x and "hook" in x]
    assert all("/ForkPoolWorker-1]" in line for line in hooks), hooks


def test_retry_on_a_prefork_worker_is_sent_again_after_its_countdown(prefork):
    sender, worker = prefork
    started = time.monotonic()
    result = sender.send_task("eager_prefork.flaky", args=(2, 1))
    assert result.get(timeout=30) == "done"
    assert time.monotonic() - started >= 2  # two 1 s countdowns
    output = worker.output()
    # Each retry is a new message for the same task id, received again.
    received = re.findall(rf"Task eager_prefork\.flaky\[{result.id}\] received", output)
    assert len(received) == 3
    for attempt in range(3):
        assert f"attempt {attempt} of {result.id}" in output
