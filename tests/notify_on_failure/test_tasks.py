import time

import pytest
from celery.signals import task_failure

from tests.support.snippets import snippet

tasks = snippet("notify_on_failure")


@pytest.fixture
def alerts(webhook, eager, monkeypatch):
    monkeypatch.delenv("ERROR_TRACKER_URL")  # only this page's alert, here
    eager(tasks.app, task_eager_propagates=False)
    return webhook.posted


def test_a_failure_posts_an_alert_with_what_is_needed_to_act(alerts):
    result = tasks.charge_card.apply((42, 0), task_id="t-1")
    assert result.state == "FAILURE"
    [alert] = alerts
    assert alert["task"] == tasks.charge_card.name
    assert alert["task_id"] == "t-1"
    assert alert["args"] == [42, 0]
    assert alert["kwargs"] == {}
    assert "ValueError('order 42: cannot charge 0 cents')" in alert["text"]
    assert "in charge_card" in alert["traceback"]
    assert (
        alert["traceback"]
        .rstrip()
        .endswith("ValueError: order 42: cannot charge 0 cents")
    )


def test_a_success_posts_nothing(alerts):
    assert tasks.charge_card.apply((42, 1999)).get() == {
        "order_id": 42,
        "charged_cents": 1999,
    }
    assert alerts == []


def test_a_broken_alert_channel_is_logged_and_the_failure_stays(
    eager, messages_of, monkeypatch
):
    eager(tasks.app, task_eager_propagates=False)
    monkeypatch.setenv("ALERT_WEBHOOK_URL", "http://127.0.0.1:9/unreachable")
    messages_of(tasks.logger)
    assert tasks.charge_card.apply((42, 0), task_id="t-2").state == "FAILURE"
    assert messages_of(tasks.logger) == [
        f"Could not send the alert for {tasks.charge_card.name}[t-2]"
    ]


@pytest.mark.worker
def test_a_worker_sends_the_alert(inprocess_worker, webhook, monkeypatch):
    monkeypatch.delenv("ERROR_TRACKER_URL")
    inprocess_worker(tasks.app)
    result = tasks.charge_card.delay(7, -5)
    with pytest.raises(ValueError, match="cannot charge -5 cents"):
        result.get(timeout=10)
    deadline = time.monotonic() + 5
    while not webhook.posted and time.monotonic() < deadline:
        time.sleep(0.02)
    [alert] = webhook.posted
    assert (alert["task_id"], alert["args"]) == (result.id, [7, -5])


@pytest.fixture
def failures_signalled():
    signalled = []

    def receiver(sender, task_id, exception, **_):
        signalled.append((task_id, type(exception).__name__))

    task_failure.connect(receiver, weak=False)
    yield signalled
    task_failure.disconnect(receiver)


def test_without_a_webhook_url_the_failure_stays_and_is_logged(
    eager, messages_of, monkeypatch, failures_signalled
):
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    eager(tasks.app, task_eager_propagates=False)
    messages_of(tasks.logger)
    result = tasks.charge_card.apply((42, 0), task_id="t-4")
    assert result.state == "FAILURE"
    assert isinstance(result.result, ValueError)
    assert failures_signalled == [("t-4", "ValueError")]
    assert messages_of(tasks.logger) == [
        f"No ALERT_WEBHOOK_URL: no alert for {tasks.charge_card.name}[t-4]"
    ]


@pytest.mark.worker
def test_on_a_worker_without_a_webhook_url_the_tasks_own_error_is_stored(
    inprocess_worker, monkeypatch, failures_signalled
):
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    inprocess_worker(tasks.app)
    result = tasks.charge_card.delay(7, -5)
    with pytest.raises(ValueError, match="cannot charge -5 cents"):
        result.get(timeout=10)
    deadline = time.monotonic() + 10  # the signal follows the stored result
    while not failures_signalled and time.monotonic() < deadline:
        time.sleep(0.02)
    assert failures_signalled == [(result.id, "ValueError")]
    time.sleep(0.5)  # nothing overwrites the stored error after the signal
    stored = tasks.app.backend.get_task_meta(result.id, cache=False)["result"]
    assert isinstance(stored, ValueError)
