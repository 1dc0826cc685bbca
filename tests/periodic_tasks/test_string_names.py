import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from celery.events import EventReceiver
from celery.exceptions import NotRegistered

from tests.support.processes import run_as_reader
from tests.support.snippets import folder_of, snippet

status = snippet("periodic_tasks", "status")
string_names = snippet("periodic_tasks", "string_names")


def test_the_status_table_flags_the_misspelt_task():
    rows = status.schedule_status(string_names.app, datetime.now(UTC))
    assert {r["name"]: r["registered"] for r in rows} == {
        "exchange rates": True,
        "weekly newsletter": False,
    }


@pytest.mark.worker
@pytest.mark.parametrize("task_events", [False, True], ids=["events off", "events on"])
def test_a_worker_drops_what_beat_sends(real_worker, task_events):
    # A prefork worker of the app, with task events as Celery's default has them
    # (off) and as the monitoring page sets them (on).
    worker = real_worker(
        string_names.app,
        string_names,
        settings={"worker_send_task_events": task_events},
    )
    failed = []
    with string_names.app.connection_for_read() as connection:
        receiver = EventReceiver(
            connection, handlers={"task-failed": failed.append}, app=string_names.app
        )
        listener = threading.Thread(
            target=receiver.capture, kwargs={"limit": None}, daemon=True
        )
        listener.start()
        time.sleep(1)  # the receiver is bound to the event exchange
        entry = string_names.app.conf.beat_schedule["weekly newsletter"]
        result = string_names.app.send_task(entry["task"])  # what beat does
        worker.wait_for_log(
            "Received unregistered task of type 'newsletter.send_newsletter'"
        )
        deadline = time.monotonic() + (20 if task_events else 3)
        while not failed and time.monotonic() < deadline:
            time.sleep(0.05)
        receiver.should_stop = True
        listener.join(timeout=30)
    assert result.state == "FAILURE"  # in a result backend nobody reads
    assert isinstance(result.result, NotRegistered)
    # An alert on task-failed events hears of it; on_failure and task_failure
    # never do (proved on the compatible-deploys page).
    expected = ["NotRegistered('newsletter.send_newsletter')"] if task_events else []
    assert [event["exception"] for event in failed] == expected
    assert all(event["uuid"] == result.id for event in failed)


AS_THE_READER_HAS_IT = """\
from string_names import app

backend = app.backend
print(type(backend).__name__)
backend.store_result("t-1", None, "FAILURE")
try:
    backend.get_state("t-1")
except NotImplementedError:
    print("nothing stored")
"""


def test_without_a_result_backend_the_failure_is_stored_nowhere():
    # The snippet's app as a reader runs it: no result backend, so what the
    # worker stores for the unregistered task goes nowhere.
    done = run_as_reader(
        [sys.executable, "-c", AS_THE_READER_HAS_IT], folder_of(string_names)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["DisabledBackend", "nothing stored"]
