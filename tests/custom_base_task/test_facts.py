"""Which hooks of a Task class run when, on a worker and in eager mode."""

import re
from pathlib import Path

import celery
import pytest
from celery import Celery, Task
from celery.exceptions import Retry, TimeLimitExceeded, WorkerLostError
from celery.signals import task_failure

from tests.support.snippets import folder_of, snippet
from tests.support.worker_process import snippet_worker
from tests.support.workers import inprocess_worker


class Recorded(Task):
    """Records each hook it runs, with the task's stored state at that moment."""

    calls: list[str]

    def before_start(self, task_id, args, kwargs):
        self.calls.append("before_start")

    def stored(self, task_id):
        if self.app.conf.task_always_eager:
            return ""  # eager mode stores no result
        return f", stored {self.AsyncResult(task_id).state}"

    def on_success(self, retval, task_id, args, kwargs):
        self.calls.append(f"on_success{self.stored(task_id)}")

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        self.calls.append("on_retry")

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        self.calls.append(f"on_failure{self.stored(task_id)}")

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        self.calls.append("after_return")

    def on_replace(self, sig):
        self.calls.append("on_replace")
        return super().on_replace(sig)


@pytest.fixture
def app():
    app = Celery("hooks", task_cls=Recorded, set_as_current=False)
    Recorded.calls = []

    @app.task(name="hooks.ship", shared=False)
    def ship(order_id):
        if order_id < 0:
            raise ValueError(f"no order {order_id}")
        return order_id

    @app.task(
        name="hooks.flaky",
        shared=False,
        bind=True,
        max_retries=2,
        default_retry_delay=0,
    )
    def flaky(self):
        raise self.retry(exc=ConnectionError("still down"))

    @app.task(name="hooks.forward", shared=False, bind=True)
    def forward(self, order_id):
        raise self.replace(ship.s(order_id))

    return app


@pytest.fixture
def failures():
    seen = []

    def record(sender, **_):
        seen.append(sender.name)

    task_failure.connect(record, weak=False)
    yield seen
    task_failure.disconnect(record)


@pytest.mark.worker
def test_on_a_worker_five_hooks_run_after_the_state_is_stored(app):
    with inprocess_worker(app):
        assert app.tasks["hooks.ship"].delay(7).get(timeout=20) == 7
        with pytest.raises(ValueError, match="no order -1"):
            app.tasks["hooks.ship"].delay(-1).get(timeout=20)
    assert Recorded.calls == [
        "before_start",
        "on_success, stored SUCCESS",
        "after_return",
        "before_start",
        "on_failure, stored FAILURE",
        "after_return",
    ]


def test_on_retry_runs_per_retry_and_on_failure_once(app):
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    app.tasks["hooks.flaky"].delay()
    retries_then_end = [c for c in Recorded.calls if c != "before_start"]
    assert retries_then_end == [
        "on_retry",
        "on_retry",
        "on_failure",
        "after_return",
    ]


def test_replace_runs_on_replace(app):
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    app.tasks["hooks.forward"].delay(7)
    assert Recorded.calls[:2] == ["before_start", "on_replace"]


def test_eagerly_without_propagation_the_failure_hooks_run(app, failures):
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    assert app.tasks["hooks.ship"].delay(-1).state == "FAILURE"
    assert Recorded.calls == [
        "before_start",
        "on_failure",
        "after_return",
    ]
    assert failures == ["hooks.ship"]


def test_eagerly_with_propagation_a_success_runs_its_hooks(app):
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    assert app.tasks["hooks.ship"].delay(7).get() == 7
    assert Recorded.calls == ["before_start", "on_success", "after_return"]


def test_eagerly_with_propagation_no_failure_hook_runs(app, failures):
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    with pytest.raises(ValueError, match="no order -1"):
        app.tasks["hooks.ship"].delay(-1)
    assert Recorded.calls == ["before_start"]
    assert failures == []


def test_eagerly_with_propagation_retry_raises_into_the_caller(app):
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    with pytest.raises(Retry):
        app.tasks["hooks.flaky"].delay()
    assert "on_retry" not in Recorded.calls


def test_base_picks_the_class_for_one_task():
    app = Celery("one", set_as_current=False)

    @app.task(base=Recorded, shared=False)
    def ship(order_id):
        return order_id

    @app.task(shared=False)
    def other():
        return None

    assert isinstance(ship, Recorded)
    assert not isinstance(other, Recorded)


def test_in_a_django_project_task_cls_replaces_djangotask(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tests.django_settings")
    from celery.contrib.django.task import DjangoTask

    class Plain(Task):
        pass

    class OnDjango(DjangoTask):
        pass

    for task_cls, keeps_on_commit in ((None, True), (Plain, False), (OnDjango, True)):
        app = Celery("shop", task_cls=task_cls, set_as_current=False)

        @app.task(shared=False)
        def add(x, y):
            return x + y

        assert hasattr(add, "delay_on_commit") is keeps_on_commit, task_cls
        assert isinstance(add, DjangoTask) is keeps_on_commit


# On the prefork pool readers run: the hooks run in the pool process, after the
# state is stored; a lost pool process runs none of them; a hard time limit
# runs on_failure and after_return in the worker's main process on 5.7 only.
# The task_failure signal, in the main process, is sent for every one.
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
snippet_tasks = snippet("custom_base_task")
PROBE = "endings_probe"


@pytest.fixture(scope="module")
def prefork(new_redis_db, tmp_path_factory):
    with snippet_worker(
        snippet_tasks.app,
        snippet_tasks,
        new_redis_db(),
        tmp_path_factory.mktemp("endings"),
        extra_args=["-I", PROBE],
        pythonpath=[folder_of(snippet_tasks), Path(__file__).parent],
    ) as running:
        yield running


def lines_about(worker, task_id):
    return [line for line in worker.output().splitlines() if task_id in line]


@pytest.mark.worker
def test_on_prefork_the_hooks_run_in_the_pool_process_after_the_state_is_stored(
    prefork,
):
    send = snippet_tasks.app.send_task
    assert send(f"{PROBE}.checked", (7,)).get(timeout=30) == 7
    failed = send(f"{PROBE}.checked", (-1,))
    with pytest.raises(ValueError, match="no order -1"):
        failed.get(timeout=30)
    prefork.wait_for_log(f"[{failed.id}] ended with FAILURE")
    log = prefork.output()
    # Any pool process: one lost by another test of the module is replaced.
    assert re.search(r"WARNING/ForkPoolWorker-\d+\] ", log)
    assert re.search(r"ForkPoolWorker-\d+\].*: on_success sees SUCCESS", log)
    assert re.search(r"ForkPoolWorker-\d+\].*: on_failure sees FAILURE", log)
    alert = f"[{failed.id}] failed: ValueError('no order -1'), args [-1]"
    (line,) = [line for line in lines_about(prefork, failed.id) if alert in line]
    assert "ERROR/ForkPoolWorker-" in line
    assert f"task_failure for {failed.id}: ValueError" in prefork.output()


@pytest.mark.worker
def test_on_prefork_a_lost_pool_process_runs_no_hook_but_task_failure_is_sent(
    prefork,
):
    result = snippet_tasks.app.send_task(f"{PROBE}.dies")
    with pytest.raises(WorkerLostError):
        result.get(timeout=30)
    prefork.wait_for_log(f"task_failure for {result.id}: WorkerLostError")
    lines = lines_about(prefork, result.id)
    assert not [line for line in lines if "] failed: " in line], lines
    assert not [line for line in lines if "ended with" in line], lines
    (signal_line,) = [line for line in lines if "task_failure for" in line]
    assert "/MainProcess]" in signal_line


@pytest.mark.worker
def test_on_prefork_a_hard_time_limit_runs_the_hooks_on_5_7_only(prefork):
    result = snippet_tasks.app.send_task(f"{PROBE}.hangs")
    with pytest.raises(TimeLimitExceeded):
        result.get(timeout=30)
    prefork.wait_for_log(f"task_failure for {result.id}: TimeLimitExceeded")
    if CELERY >= (5, 7):
        prefork.wait_for_log(f"[{result.id}] ended with FAILURE")
    else:
        # The next task runs once the worker is done with this one's ending.
        assert snippet_tasks.app.send_task(f"{PROBE}.checked", (8,)).get(30) == 8
    lines = lines_about(prefork, result.id)
    alerts = [line for line in lines if "] failed: TimeLimitExceeded" in line]
    ended = [line for line in lines if "] ended with FAILURE" in line]
    if CELERY >= (5, 7):
        assert alerts, lines
        assert all("/MainProcess]" in line for line in alerts), lines
        assert ended, lines
    else:
        assert alerts == [], lines
        assert ended == [], lines
