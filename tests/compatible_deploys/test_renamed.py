"""A renamed task: its old messages are unregistered, and task_failure never
hears of them; only task_unknown does."""

import textwrap
import threading
import time
from types import SimpleNamespace

import pytest
from celery.events import EventReceiver
from celery.exceptions import NotRegistered

from tests.support.snippets import folder_of, snippet

renamed = snippet("compatible_deploys", "renamed")

# The reader's renamed.py, plus receivers that say in the worker's log which
# hooks a message reaches.
HOOKS = textwrap.dedent("""\
    from celery.signals import task_failure, task_unknown
    from renamed import app


    @task_unknown.connect
    def on_unknown(name=None, **kwargs):
        print(f"HOOK task_unknown {name}", flush=True)


    @task_failure.connect
    def on_failure(sender=None, **kwargs):
        print(f"HOOK task_failure {sender.name}", flush=True)
""")


@pytest.fixture
def worker_with_hooks(real_worker, tmp_path):
    (tmp_path / "renamed_with_hooks.py").write_text(HOOKS)
    module = SimpleNamespace(
        __name__="renamed_with_hooks",
        __file__=str(tmp_path / "renamed_with_hooks.py"),
    )
    return real_worker(renamed.app, module, pythonpath=[tmp_path, folder_of(renamed)])


@pytest.mark.worker
def test_a_message_under_the_old_name_is_rejected(worker_with_hooks):
    result = renamed.app.send_task("tasks.archive_invoice", (7,))
    with pytest.raises(NotRegistered):
        result.get(timeout=30)
    worker_with_hooks.wait_for_log("HOOK task_unknown tasks.archive_invoice")
    # A task that fails, sent after it, reaches task_failure: the hook works.
    failing = renamed.app.send_task(renamed.close_invoice.name)  # no invoice_id
    with pytest.raises(TypeError):
        failing.get(timeout=30)
    worker_with_hooks.wait_for_log("HOOK task_failure renamed.close_invoice")
    log = worker_with_hooks.output()
    assert "Received unregistered task of type 'tasks.archive_invoice'" in log
    assert log.count("HOOK task_failure") == 1  # the failing task's, only


@pytest.mark.worker
def test_with_events_on_it_is_sent_as_a_task_failed_event(real_worker):
    real_worker(renamed.app, renamed, extra_args=["-E"])
    seen = {"worker-heartbeat": [], "task-failed": []}
    handlers = {kind: events.append for kind, events in seen.items()}
    with renamed.app.connection_for_read() as connection:
        receiver = EventReceiver(connection, handlers=handlers, app=renamed.app)
        thread = threading.Thread(
            target=receiver.capture, kwargs={"limit": None}, daemon=True
        )
        thread.start()
        try:
            wait_for(lambda: seen["worker-heartbeat"], "no event from the worker")
            result = renamed.app.send_task("tasks.archive_invoice", (7,))
            wait_for(
                lambda: any(e["uuid"] == result.id for e in seen["task-failed"]),
                "no task-failed event",
            )
        finally:
            receiver.should_stop = True
            thread.join(timeout=30)
    (failed,) = [e for e in seen["task-failed"] if e["uuid"] == result.id]
    assert failed["exception"] == "NotRegistered('tasks.archive_invoice')"


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)
