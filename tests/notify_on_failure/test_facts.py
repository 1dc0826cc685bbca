"""What the page says about on_failure and task_failure, eagerly and on a worker."""

import time

import pytest
from celery import Celery
from celery.signals import task_failure

from tests.support.snippets import snippet

tasks = snippet("notify_on_failure")


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


@pytest.mark.worker
def test_an_exception_in_on_failure_replaces_the_tasks_error(
    inprocess_worker, signalled
):
    class BrokenAlert(tasks.AlertOnFailure):
        def on_failure(self, exc, task_id, args, kwargs, einfo):
            raise KeyError("ALERT_WEBHOOK_URL")

    other = Celery("other", task_cls=BrokenAlert)

    @other.task(shared=False)
    def explode():
        raise ValueError("the task's own error")

    inprocess_worker(other)
    task_id = explode.delay().id
    # The task's ValueError is stored first, then overwritten by the KeyError.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        meta = other.backend.get_task_meta(task_id, cache=False)
        if isinstance(meta["result"], KeyError):
            break
        time.sleep(0.05)
    assert meta["status"] == "FAILURE"
    assert isinstance(meta["result"], KeyError)
    assert signalled == []


attempts = []


class CountsRetries(tasks.AlertOnFailure):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        attempts.append("on_retry")


retry_app = Celery("retrying", task_cls=CountsRetries)


@retry_app.task(bind=True, max_retries=5, shared=False)
def flaky(self, failures):
    attempts.append(self.request.retries)
    if self.request.retries < failures:
        raise self.retry(exc=ConnectionError("try again"), countdown=0)
    return "done"


@pytest.mark.worker
def test_on_failure_runs_only_when_the_task_has_failed_for_good(
    inprocess_worker, alerts
):
    inprocess_worker(retry_app)
    attempts.clear()
    assert flaky.delay(5).get(timeout=20) == "done"  # five retries, then success
    assert [a for a in attempts if a != "on_retry"] == [0, 1, 2, 3, 4, 5]
    assert attempts.count("on_retry") == 5  # on_retry runs for each retry
    assert alerts == []
    with pytest.raises(ConnectionError):
        flaky.delay(6).get(timeout=20)  # a sixth retry is one too many
    deadline = time.monotonic() + 10
    while not alerts and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [alert["task"] for alert in alerts] == [flaky.name]
