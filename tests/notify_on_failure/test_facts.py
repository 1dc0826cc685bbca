"""What the page says about on_failure and task_failure, eagerly and on a
worker (make test-matrix runs 5.5, 5.6 and 5.7)."""

import json
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import celery
import pytest
from celery.exceptions import TimeLimitExceeded, WorkerLostError
from celery.signals import task_failure

from tests.support.probes import probe, registered
from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
tasks = snippet("notify_on_failure")
probe_tasks = probe(Path(__file__).with_name("failure_probe.py"))


@pytest.fixture
def signalled():
    names = []

    def receiver(sender, **_):
        names.append(sender.name)

    task_failure.connect(receiver, weak=False)
    yield names
    task_failure.disconnect(receiver)


@pytest.fixture
def alerts(webhook, monkeypatch):
    monkeypatch.delenv("ERROR_TRACKER_URL")  # only on_failure's alert, here
    return webhook.posted


def test_eagerly_with_propagation_on_neither_on_failure_nor_the_signal_runs(
    eager, alerts, signalled
):
    eager(tasks.app, task_eager_propagates=True)
    with pytest.raises(ValueError, match="cannot charge 0 cents"):
        tasks.charge_card.delay(42, 0)
    assert alerts == []
    assert signalled == []


def test_eagerly_with_propagation_off_both_run(eager, alerts, signalled):
    eager(tasks.app, task_eager_propagates=False)
    assert tasks.charge_card.delay(42, 0).state == "FAILURE"
    assert len(alerts) == 1
    assert signalled == [tasks.charge_card.name]


@pytest.mark.filterwarnings("ignore:Results are not stored in backend")
def test_eagerly_the_failure_is_in_the_returned_result_not_the_backend(eager):
    eager(tasks.app, task_eager_propagates=False)
    result = tasks.charge_card.apply((42, 0), task_id="t-eager")
    assert type(result).__name__ == "EagerResult"
    assert result.state == "FAILURE"
    assert isinstance(result.result, ValueError)
    assert tasks.app.backend.get_task_meta("t-eager")["status"] == "PENDING"


# On a real `celery worker`, the pool the page is about (prefork, the default)
# and the solo pool, each with the probe's record of every failure hook.


@pytest.fixture(scope="module")
def prefork(new_redis_db, tmp_path_factory):
    with hooks_worker(new_redis_db, tmp_path_factory, "prefork") as running:
        yield running


@pytest.fixture
def solo(new_redis_db, tmp_path_factory):
    # For this test only: the app sends to one worker's broker at a time.
    with hooks_worker(new_redis_db, tmp_path_factory, "solo") as running:
        yield running


@contextmanager
def hooks_worker(new_redis_db, tmp_path_factory, pool):
    workdir = tmp_path_factory.mktemp(f"hooks-{pool}")
    log = workdir / "hooks.jsonl"
    with (
        registered(probe_tasks),
        snippet_worker(
            probe_tasks.app,
            probe_tasks,
            new_redis_db(),
            workdir,
            pool=pool,
            env={"FAILURE_PROBE_LOG": str(log)},
        ) as running,
    ):
        yield running, log


def hooks_run(worker, task_id, count):
    """The first ``count`` hooks run for ``task_id``, then a second more to
    show there are no others: (hook, exception, "main" or "pool" process)."""
    running, log = worker

    def read():
        lines = log.read_text().splitlines() if log.exists() else []
        return [
            (line["hook"], line["exc"], where(running, line["pid"]))
            for line in map(json.loads, lines)
            if line["id"] == task_id
        ]

    deadline = time.monotonic() + 60
    while len(read()) < count:
        assert time.monotonic() < deadline, (read(), running.output())
        time.sleep(0.05)
    time.sleep(1)
    return read()


def records(worker, task_id):
    _, log = worker
    return [
        r for r in map(json.loads, log.read_text().splitlines()) if r["id"] == task_id
    ]


def where(running, pid):
    return "main" if pid == running.process.pid else "pool"


def stored_error(task_id):
    return probe_tasks.app.backend.get_task_meta(task_id, cache=False)["result"]


@pytest.mark.worker
def test_on_prefork_an_exception_in_on_failure_is_what_task_failure_reports(
    prefork,
):
    task_id = probe_tasks.broken_hook.delay().id
    assert hooks_run(prefork, task_id, 3) == [
        ("on_failure", "ValueError", "pool"),
        ("on_failure", "KeyError", "pool"),  # called again, with its own error
        ("task_failure", "KeyError", "main"),
    ]
    assert isinstance(stored_error(task_id), KeyError)


@pytest.mark.worker
def test_on_solo_an_exception_in_on_failure_silences_task_failure(solo):
    task_id = probe_tasks.broken_hook.delay().id
    assert hooks_run(solo, task_id, 2) == [
        ("on_failure", "ValueError", "main"),
        ("on_failure", "KeyError", "main"),
    ]
    assert isinstance(stored_error(task_id), KeyError)


@pytest.mark.worker
def test_when_the_pool_process_dies_on_failure_never_runs(prefork):
    task_id = probe_tasks.dies.delay().id
    assert hooks_run(prefork, task_id, 1) == [
        ("task_failure", "WorkerLostError", "main"),
    ]
    assert isinstance(stored_error(task_id), WorkerLostError)


@pytest.mark.worker
def test_with_reject_on_worker_lost_a_killed_task_runs_again_unreported(prefork):
    # acks_late=True and reject_on_worker_lost=True: the message goes back to
    # the queue, no hook hears of the lost run, and the next run succeeds.
    result = probe_tasks.dies_once.delay()
    assert result.get(timeout=60) == "ran again"
    assert hooks_run(prefork, result.id, 0) == []
    assert f"{probe_tasks.dies_once.name}[{result.id}] succeeded" in prefork[0].output()


@pytest.mark.worker
def test_a_hard_time_limit_is_handled_in_the_main_process(prefork):
    task_id = probe_tasks.hangs.delay().id
    if CELERY >= (5, 7):
        # on_failure in the main process, and task_failure twice.
        expected = Counter(
            {
                ("task_failure", "TimeLimitExceeded", "main"): 2,
                ("on_failure", "TimeLimitExceeded", "main"): 1,
            }
        )
    else:  # 5.5 and 5.6: no on_failure, task_failure once
        expected = Counter({("task_failure", "TimeLimitExceeded", "main"): 1})
    assert Counter(hooks_run(prefork, task_id, expected.total())) == expected
    if CELERY >= (5, 7):
        # What the alert carries: Celery's own frames, where the limit was
        # handled, not where the task hung, and a request that is not the task's.
        [hook] = [r for r in records(prefork, task_id) if r["hook"] == "on_failure"]
        assert "in on_timeout" in hook["traceback"]
        assert "time.sleep" not in hook["traceback"]
        assert (
            hook["traceback"]
            .rstrip()
            .endswith("TimeLimitExceeded: TimeLimitExceeded(2,)")
        )
        assert hook["request_id"] != task_id
    # The process that receives the worker's messages.
    assert f"/MainProcess] Task {probe_tasks.hangs.name}[{task_id}] received" in (
        prefork[0].output()
    )
    assert isinstance(stored_error(task_id), TimeLimitExceeded)


@pytest.mark.worker
def test_on_failure_runs_only_when_the_task_has_failed_for_good(prefork):
    retries = [("on_retry", "ConnectionError", "pool")] * 5
    result = probe_tasks.flaky.delay(5)  # five retries, then success
    assert result.get(timeout=60) == "done"
    assert hooks_run(prefork, result.id, 5) == retries
    result = probe_tasks.flaky.delay(6)  # a sixth retry is one too many
    with pytest.raises(ConnectionError):
        result.get(timeout=60)
    assert hooks_run(prefork, result.id, 7) == [
        *retries,
        ("on_failure", "ConnectionError", "pool"),
        ("task_failure", "ConnectionError", "pool"),
    ]
