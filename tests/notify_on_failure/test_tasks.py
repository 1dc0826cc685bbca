import socket
import time
from contextlib import contextmanager
from types import ModuleType

import httpx
import pytest
from billiard.einfo import ExceptionInfo
from celery.exceptions import WorkerLostError
from celery.signals import task_failure

from tests.support.snippets import folder_of, snippet

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


# A bad port: httpx raises InvalidURL, which is no httpx.HTTPError; a host
# label too long for IDNA: UnicodeError, which is neither.
@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.com:44x/T0", f"https://{'a' * 70}.example.com/T0"],
    ids=["bad-port", "bad-host"],
)
def test_a_malformed_webhook_url_is_logged_and_the_failure_stays(
    eager, messages_of, monkeypatch, url
):
    eager(tasks.app, task_eager_propagates=False)
    monkeypatch.setenv("ALERT_WEBHOOK_URL", url)
    messages_of(tasks.logger)
    result = tasks.charge_card.apply((42, 0), task_id="t-3")
    assert isinstance(result.result, ValueError)
    assert messages_of(tasks.logger) == [
        f"Could not send the alert for {tasks.charge_card.name}[t-3]"
    ]


@contextmanager
def silent_webhook():
    """A webhook that takes the connection and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"


def test_a_webhook_that_never_answers_holds_the_alert_for_2_s(
    eager, messages_of, monkeypatch
):
    eager(tasks.app, task_eager_propagates=False)
    with silent_webhook() as url:
        monkeypatch.setenv("ALERT_WEBHOOK_URL", url)
        messages_of(tasks.logger)
        started = time.monotonic()
        result = tasks.charge_card.apply((42, 0), task_id="t-4")
        held = time.monotonic() - started
    assert isinstance(result.result, ValueError)
    assert 2 <= held < 4.5, held  # the snippets say timeout=2
    assert messages_of(tasks.logger) == [
        f"Could not send the alert for {tasks.charge_card.name}[t-4]"
    ]


def test_the_error_trackers_post_gives_up_after_2_s_too(monkeypatch):
    receiver = snippet("notify_on_failure", "error_tracker").report_to_error_tracker
    try:
        raise ValueError("boom")
    except ValueError:
        einfo = ExceptionInfo()
    with silent_webhook() as url:
        monkeypatch.setenv("ERROR_TRACKER_URL", url)
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            receiver(tasks.charge_card, "t-5", einfo.exception, [], {}, einfo)
        held = time.monotonic() - started
    assert 2 <= held < 4.5, held  # the snippets say timeout=2


# A process killing itself, as an out-of-memory kill or a segfault ends the
# pool process running a task; added beside tasks.py, as a reader's other
# modules would be.
LOST_TASKS = """\
import os
import signal

from tasks import app


@app.task
def runs_out_of_memory():
    os.kill(os.getpid(), signal.SIGKILL)
"""


def tracker_events(webhook):
    return [p["message"] for p in webhook.posted if "tags" in p]


def alerts_posted(webhook):
    return [p["text"] for p in webhook.posted if "task_id" in p]


def wait_until(check, worker, timeout=30):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, worker.output()
        time.sleep(0.05)


@pytest.mark.worker
def test_on_a_worker_the_alert_and_the_tracker_hear_of_a_failure(
    webhook, real_worker, tmp_path
):
    (tmp_path / "lost_tasks.py").write_text(LOST_TASKS)
    # celery -A tasks worker, with the lost task's module beside tasks.py.
    worker = real_worker(
        tasks.app,
        ModuleType("lost_tasks"),
        pythonpath=[folder_of(tasks)],
    )
    result = tasks.charge_card.delay(7, -5)
    with pytest.raises(ValueError, match="cannot charge -5 cents"):
        result.get(timeout=30)
    failed = f"{tasks.charge_card.name}: ValueError('order 7: cannot charge -5 cents')"
    wait_until(lambda: len(webhook.posted) == 2, worker)
    [alert] = [p for p in webhook.posted if "task_id" in p]
    assert (alert["task_id"], alert["args"]) == (result.id, [7, -5])
    assert tracker_events(webhook) == [failed]  # tasks.py loaded error_tracker

    # The pool process dies: on_failure never runs, the main process sends
    # task_failure, and only the error tracker hears of it.
    lost = tasks.app.send_task("lost_tasks.runs_out_of_memory")
    with pytest.raises(WorkerLostError):
        lost.get(timeout=30)
    wait_until(lambda: len(tracker_events(webhook)) == 2, worker)
    time.sleep(1)  # and nothing else comes
    assert tracker_events(webhook)[1].startswith(
        "lost_tasks.runs_out_of_memory: WorkerLostError("
    )
    assert alerts_posted(webhook) == [alert["text"]]


@pytest.mark.worker
def test_on_a_worker_without_a_webhook_url_the_tasks_own_error_is_reported(
    webhook, real_worker, monkeypatch
):
    monkeypatch.delenv("ALERT_WEBHOOK_URL")  # the tracker's URL stays
    worker = real_worker(tasks.app, tasks)
    result = tasks.charge_card.delay(7, -5)
    with pytest.raises(ValueError, match="cannot charge -5 cents"):
        result.get(timeout=30)
    worker.wait_for_log(
        f"No ALERT_WEBHOOK_URL: no alert for {tasks.charge_card.name}[{result.id}]"
    )
    wait_until(lambda: tracker_events(webhook), worker)
    time.sleep(1)  # nothing overwrites the stored error, nothing else is sent
    assert tracker_events(webhook) == [
        f"{tasks.charge_card.name}: ValueError('order 7: cannot charge -5 cents')"
    ]
    stored = tasks.app.backend.get_task_meta(result.id, cache=False)["result"]
    assert isinstance(stored, ValueError)


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
