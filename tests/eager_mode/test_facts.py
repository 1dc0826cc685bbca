"""The table's rows for hooks, retries, canvas and Task.apply(): eagerly, and on
a real worker thread (start_worker), where the hooks run in this process."""

import time

import pytest
from celery import Celery, Task, chain, chord, group
from celery.exceptions import Retry
from celery.signals import task_failure
from kombu.exceptions import EncodeError

app = Celery("facts")
app.conf.update(task_serializer="json", result_serializer="json")
calls = []


class Recorded(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        calls.append("on_failure")

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        calls.append("after_return")


@app.task(base=Recorded, shared=False)
def fails():
    raise ValueError("no such report")


@app.task(bind=True, shared=False, max_retries=3)
def flaky(self, failures, countdown):
    calls.append(f"attempt {self.request.retries}")
    if self.request.retries < failures:
        raise self.retry(exc=ConnectionError("try again"), countdown=countdown)
    return "done"


@app.task(
    bind=True,
    shared=False,
    autoretry_for=(ConnectionError,),
    retry_backoff=False,
    default_retry_delay=0,
)
def flaky_auto(self):
    calls.append(f"attempt {self.request.retries}")
    if self.request.retries < 1:
        raise ConnectionError("try again")
    return "done"


@app.task(shared=False)
def kind(value):
    return type(value).__name__


@app.task(shared=False)
def kinds(values):
    return sorted(values)


@app.task(shared=False)
def add(x, y):
    return x + y


@app.task(shared=False)
def add_and_wait(x, y):
    return add.delay(x, y).get(timeout=10)


@pytest.fixture(autouse=True)
def recorded():
    calls.clear()

    def signalled(sender, **_):
        calls.append("task_failure")

    task_failure.connect(signalled, weak=False)
    yield calls
    task_failure.disconnect(signalled)


def wait_for(expected, timeout=10):
    deadline = time.monotonic() + timeout
    while sorted(calls) != sorted(expected) and time.monotonic() < deadline:
        time.sleep(0.02)
    return calls


# Failure hooks and signals


def test_hooks_eagerly_with_propagation_on_none_runs(eager):
    eager(app, task_eager_propagates=True)
    with pytest.raises(ValueError, match="no such report"):
        fails.delay()
    assert calls == []


def test_hooks_eagerly_with_propagation_off_all_run(eager):
    eager(app, task_eager_propagates=False)
    result = fails.delay()
    assert result.state == "FAILURE"
    assert isinstance(result.result, ValueError)
    assert calls == ["on_failure", "task_failure", "after_return"]


@pytest.mark.worker
def test_hooks_on_a_worker_all_run(inprocess_worker):
    inprocess_worker(app)
    with pytest.raises(ValueError, match="no such report"):
        fails.delay().get(timeout=10)
    assert sorted(wait_for(["on_failure", "task_failure", "after_return"])) == [
        "after_return",
        "on_failure",
        "task_failure",
    ]


# Retries


def test_retry_eagerly_with_propagation_on_raises_retry_into_the_caller(eager):
    eager(app, task_eager_propagates=True)
    with pytest.raises(Retry):
        flaky.delay(2, 30)
    assert calls == ["attempt 0"]


def test_autoretry_eagerly_with_propagation_on_raises_retry_too(eager):
    eager(app, task_eager_propagates=True)
    with pytest.raises(Retry):
        flaky_auto.delay()
    assert calls == ["attempt 0"]


def test_retry_eagerly_with_propagation_off_retries_at_once(eager):
    eager(app, task_eager_propagates=False)
    started = time.monotonic()
    assert flaky.delay(2, 30).get() == "done"
    assert calls == ["attempt 0", "attempt 1", "attempt 2"]
    assert time.monotonic() - started < 60  # two 30 s countdowns not waited


@pytest.mark.worker
def test_retry_on_a_worker_is_sent_again_after_its_countdown(inprocess_worker):
    inprocess_worker(app)
    started = time.monotonic()
    assert flaky.delay(2, 1).get(timeout=30) == "done"
    assert calls == ["attempt 0", "attempt 1", "attempt 2"]
    assert time.monotonic() - started >= 2


# Arguments


@pytest.mark.worker
def test_arguments_are_serialized_when_sent_to_a_worker(inprocess_worker):
    inprocess_worker(app)
    with pytest.raises(EncodeError):
        kind.delay({1, 2})
    assert kind.delay([1, 2]).get(timeout=10) == "list"


# Canvas primitives and Task.apply(): nothing is serialized


def test_apply_passes_a_set_unserialized(eager):
    eager(app)
    assert kind({1, 2}) == "set"  # as does a direct call, or a mock
    assert kind.apply(({1, 2},)).get() == "set"
    with pytest.raises(EncodeError):
        kind.delay({1, 2})  # .delay() does serialize


def test_canvas_eagerly_passes_a_set_unserialized(eager):
    eager(app)
    assert chain(kind.s({1, 2})).delay().get() == "set"
    assert group(kind.s({1, 2}), kind.s({3})).delay().get() == ["set", "set"]
    assert chord([kind.s({1, 2})], kinds.s()).delay().get() == ["set"]


@pytest.mark.worker
def test_canvas_on_a_worker_refuses_a_set_when_it_is_sent(inprocess_worker):
    inprocess_worker(app)
    for workflow in (
        chain(kind.s({1, 2})),
        group(kind.s({1, 2}), kind.s({3})),
        chord([kind.s({1, 2})], kinds.s()),
    ):
        with pytest.raises(EncodeError):
            workflow.delay()


# .get() inside a task (refused on a prefork worker: never-wait's tests)


def test_get_inside_a_task_eagerly_is_refused_through_delay(eager):
    eager(app)
    with pytest.raises(RuntimeError, match=r"Never call result\.get\(\)"):
        add_and_wait.delay(1, 2)


def test_get_inside_a_task_is_not_refused_under_apply(eager):
    eager(app)
    assert add_and_wait.apply((1, 2)).get() == 3


def test_a_signatures_delay_is_serialized_eagerly(eager):
    # A lone signature is sent with Task.apply_async, as .delay() is; map and
    # starmap too (the canvas page's tests), chain, group and chord are not.
    eager(app)
    with pytest.raises(EncodeError):
        kind.s({1, 2}).delay()
    with pytest.raises(EncodeError):
        kind.s({1, 2}).apply_async()
