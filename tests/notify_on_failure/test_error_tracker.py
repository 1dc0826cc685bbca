from celery import Celery

from tests.support.snippets import snippet

error_tracker = snippet("notify_on_failure", "error_tracker")
tasks = snippet("notify_on_failure")


def test_the_tracker_hears_of_a_failure(webhook, eager, monkeypatch):
    monkeypatch.delenv("ALERT_WEBHOOK_URL")
    monkeypatch.setattr(tasks.AlertOnFailure, "on_failure", lambda *a: None)
    eager(tasks.app, task_eager_propagates=False)
    tasks.charge_card.apply((42, 0), task_id="t-3")
    [event] = webhook.posted
    assert event["tags"] == {"task": tasks.charge_card.name, "task_id": "t-3"}
    assert event["extra"] == {"args": [42, 0], "kwargs": {}}
    assert "ValueError: order 42: cannot charge 0 cents" in event["exception"]


def test_it_hears_of_tasks_of_any_app_and_base_class(webhook, eager):
    other = Celery("other")

    @other.task(shared=False)
    def explode():
        raise RuntimeError("boom")

    eager(other, task_eager_propagates=False)
    explode.apply()
    assert [e["message"] for e in webhook.posted] == [
        f"{explode.name}: RuntimeError('boom')"
    ]


def test_without_a_tracker_configured_nothing_is_sent(webhook, eager, monkeypatch):
    monkeypatch.delenv("ERROR_TRACKER_URL")
    monkeypatch.delenv("ALERT_WEBHOOK_URL")
    monkeypatch.setattr(tasks.AlertOnFailure, "on_failure", lambda *a: None)
    eager(tasks.app, task_eager_propagates=False)
    tasks.charge_card.apply((42, 0))
    assert webhook.posted == []
    assert error_tracker.report_to_error_tracker in [
        receiver() for _, receiver in error_tracker.task_failure.receivers
    ]
