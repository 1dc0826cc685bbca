"""What the acks-late page says about worker loss, on each supported release
(make test-matrix runs 5.5, 5.6 and 5.7)."""

import inspect
import re
import time
from pathlib import Path

import celery
import pytest
from celery import Task
from celery.app.defaults import DEFAULTS
from celery.exceptions import WorkerLostError

from tests.acks_late.conftest import VISIBILITY_TIMEOUT
from tests.support.probes import probe, registered
from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
PAGE = Path(__file__).resolve().parents[2] / "docs/handling-failure/acks-late.md"
WARNING = "Enabling this can cause message loops; make sure you know what you're doing."

lost = probe(Path(__file__).with_name("worker_lost_probe.py"))
tasks = snippet("acks_late")


def test_the_page_quotes_celerys_warning_on_reject_on_worker_lost():
    # Task's attribute docs are "#:" comments, the warning over two of them.
    lines = inspect.getsource(Task).splitlines()
    docs = " ".join(line.strip().removeprefix("#:").strip() for line in lines)
    assert WARNING in docs
    assert WARNING in " ".join(PAGE.read_text(encoding="utf-8").split())


def test_retry_on_worker_lost_is_new_in_celery_5_7():
    assert hasattr(Task, "retry_on_worker_lost") == (CELERY >= (5, 7))
    assert ("task_retry_on_worker_lost" in DEFAULTS) == (CELERY >= (5, 7))
    if CELERY >= (5, 7):
        assert DEFAULTS["task_retry_on_worker_lost"] is False


def test_a_late_acknowledged_failure_or_timeout_is_acknowledged_by_default():
    assert DEFAULTS["task_acks_on_failure_or_timeout"] is True
    # 5.7 splits it in two; each falls back to the old setting.
    for name in ("task_acks_on_failure", "task_acks_on_timeout"):
        assert (name in DEFAULTS) == (CELERY >= (5, 7))
        if CELERY >= (5, 7):
            assert DEFAULTS[name] is None
    assert tasks.fingerprint.acks_on_failure_or_timeout is True
    if CELERY >= (5, 7):
        assert tasks.fingerprint.acks_on_failure is True
        assert tasks.fingerprint.acks_on_timeout is True


def runs(worker, name):
    return len(re.findall(rf"\b{name} runs\b", worker.output()))


@pytest.fixture(scope="module")
def worker(new_redis_db, tmp_path_factory):
    """One prefork worker for the module; the looping test comes last."""
    with (
        registered(lost),
        snippet_worker(
            lost.app, lost, new_redis_db(), tmp_path_factory.mktemp("lost")
        ) as running,
    ):
        yield running


@pytest.mark.worker
def test_with_acks_late_alone_a_lost_worker_fails_the_task(worker):
    with pytest.raises(WorkerLostError):
        lost.fails_on_loss.delay().get(timeout=60)
    assert runs(worker, "fails_on_loss") == 1


@pytest.mark.worker
def test_retry_on_worker_lost_gives_up_after_max_retries_from_5_7(worker):
    with pytest.raises(WorkerLostError):
        lost.retried_on_loss.delay().get(timeout=60)
    # Before 5.7 the option is accepted and ignored: acks_late alone.
    expected = 1 + lost.retried_on_loss.max_retries if CELERY >= (5, 7) else 1
    assert runs(worker, "retried_on_loss") == expected


@pytest.mark.worker
@pytest.mark.skipif(
    CELERY < (5, 7),
    reason="before 5.7 retry_on_worker_lost is ignored: reject_on_worker_lost "
    "alone loops, as the next test shows (and would keep this worker busy)",
)
def test_with_both_options_retry_on_worker_lost_bounds_the_loop(worker):
    with pytest.raises(WorkerLostError):
        lost.bounded_on_loss.delay().get(timeout=60)
    assert runs(worker, "bounded_on_loss") == 1 + lost.bounded_on_loss.max_retries


@pytest.mark.worker
def test_reject_on_worker_lost_loops_on_a_poison_message(worker):
    lost.requeued_on_loss.delay()
    deadline = time.monotonic() + 60
    while runs(worker, "requeued_on_loss") < 3:  # and on, until someone stops it
        assert time.monotonic() < deadline, worker.output()
        time.sleep(0.1)
    assert worker.output().count("exited with 'signal 9 (SIGKILL)'") >= 2


@pytest.mark.worker
def test_a_countdown_past_the_visibility_timeout_runs_the_task_again(start_worker):
    # The test values: a 3 s visibility timeout, a task due in 15 s.
    first = start_worker()
    # worker_prefetch_multiplier=1: the one process reserves one message.
    (stats,) = tasks.app.control.inspect(timeout=5, limit=1).stats().values()
    assert stats["prefetch_count"] == 1
    result = tasks.fingerprint.apply_async(("order-42", 1000), countdown=15)
    first.wait_for_log(f"[{result.id}] received")
    # The first worker holds the message, unacknowledged, until it is due. Once
    # it is older than the visibility timeout, a worker starting now gives it
    # back to the queue (on kombu 5.7 the first one's sweep already has).
    time.sleep(VISIBILITY_TIMEOUT + 1)
    second = start_worker()
    assert result.get(timeout=60) == tasks.stretch("order-42", 1000)
    deadline = time.monotonic() + 30
    succeeded = f"[{result.id}] succeeded"
    while (first.output() + second.output()).count(succeeded) < 2:
        assert time.monotonic() < deadline, first.output() + second.output()
        time.sleep(0.1)
