"""Which hooks of a Task class run when, on a worker and in eager mode."""

import pytest
from celery import Celery, Task
from celery.exceptions import Retry
from celery.signals import task_failure

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
