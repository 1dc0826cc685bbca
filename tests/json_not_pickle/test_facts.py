"""What the JSON page says about serializers and a writable broker, checked."""

import ast
import datetime
import decimal
import importlib.util
import os
import uuid
from pathlib import Path

import pytest
from celery import Celery, chain, chord, group
from kombu.exceptions import EncodeError
from kombu.serialization import dumps, loads
from kombu.utils.json import register_type

from tests.support.apps import configured
from tests.support.snippets import folder_of, snippet

tasks = snippet("json_not_pickle")


def round_trip(value):
    content_type, encoding, data = dumps(value, "json")
    return loads(data, content_type, encoding, accept=["application/json"])


def test_json_is_celerys_default():
    conf = Celery("defaults", set_as_current=False).conf
    assert conf.task_serializer == "json"
    assert conf.result_serializer == "json"
    assert list(conf.accept_content) == ["json"]


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2026, 11, 24, 9, 15),
        datetime.date(2026, 11, 24),
        datetime.time(9, 15),
        decimal.Decimal("12.50"),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
    ],
    ids=type,
)
def test_kombus_json_carries_dates_decimals_and_uuids(value):
    back = round_trip(value)
    assert type(back) is type(value)
    assert back == value


class Money:
    def __init__(self, cents):
        self.cents = cents


def test_one_more_type_is_registered_with_kombu():
    register_type(Money, "money", lambda m: m.cents, Money)
    assert round_trip(Money(1250)).cents == 1250


def test_a_json_message_can_name_any_task_celery_registers():
    tasks.app.loader.import_default_modules()
    builtins = {name for name in tasks.app.tasks if name.startswith("celery.")}
    assert {"celery.chord_unlock", "celery.starmap"} <= builtins


@pytest.mark.worker
def test_anyone_who_can_write_to_the_broker_can_stop_the_workers(
    celery_worker_process, clean_redis
):
    worker = celery_worker_process(tasks)
    with Celery("intruder", broker=clean_redis, set_as_current=False) as intruder:
        intruder.control.broadcast("shutdown")
    assert worker.process.wait(timeout=30) == 0


@pytest.mark.worker
def test_without_remote_control_a_shutdown_broadcast_does_nothing(
    celery_worker_process, clean_redis
):
    worker = celery_worker_process(
        tasks, settings={"worker_enable_remote_control": False}
    )
    with Celery("intruder", broker=clean_redis, set_as_current=False) as intruder:
        intruder.control.broadcast("shutdown")
        # Nor does inspect answer: no worker listens to the control mailbox.
        assert intruder.control.inspect(timeout=2).ping() is None
    assert worker.process.poll() is None  # still running after the broadcast
    with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
        assert tasks.send_invoice.delay(7).get(timeout=30) == "invoice 7 sent"
    assert worker.process.poll() is None


def test_the_control_mailbox_accepts_what_accept_content_allows():
    pickles = snippet("json_not_pickle", "accepts_pickle")
    assert tasks.app.control.mailbox.accept == ["json"]
    assert "pickle" in pickles.app.control.mailbox.accept


class PrintsOnLoad:
    """A harmless pickle: loading it prints a line, in the process that loads it."""

    def __reduce__(self):
        return (print, (RAN,))


RAN = "a pickled broadcast ran code in this worker"


@pytest.mark.worker
def test_one_pickled_broadcast_runs_code_in_every_worker_that_accepts_pickle(
    celery_worker_process, clean_redis
):
    pickles = snippet("json_not_pickle", "accepts_pickle")
    # Celery refuses to start a worker that accepts pickle as root, unless told.
    as_root = {"C_FORCE_ROOT": "1"} if os.geteuid() == 0 else {}
    first = celery_worker_process(pickles, env=as_root)
    second = celery_worker_process(pickles, env=as_root)
    with configured(pickles.app, broker_url=clean_redis):
        # The snippet's app broadcasts with its task_serializer: pickle.
        pickles.app.control.broadcast(
            "ping", arguments={"note": PrintsOnLoad()}, reply=False
        )
    first.wait_for_log(RAN)
    second.wait_for_log(RAN)


def test_celery_has_a_signing_serializer_named_auth():
    # Importing it needs the cryptography package: read its source instead.
    source = Path(importlib.util.find_spec("celery.security").origin).read_text()
    assert "task_serializer = 'auth'" in source


def test_eagerly_only_delay_and_apply_async_serialize(eager):
    eager(tasks.app)
    with pytest.raises(EncodeError):
        tasks.send_invoice.delay({1, 2})
    # apply() and canvas run eagerly pass the object itself: no EncodeError.
    assert tasks.send_invoice.apply(({1, 2},)).get() == "invoice {1, 2} sent"
    assert chain(tasks.send_invoice.s({1, 2})).apply().get() == "invoice {1, 2} sent"
    # delay() of a chain, a group or a chord runs eagerly without serializing too.
    assert chain(tasks.send_invoice.s({1, 2})).delay().get() == "invoice {1, 2} sent"
    assert group(tasks.send_invoice.s({1, 2})).delay().get() == ["invoice {1, 2} sent"]
    header = [tasks.send_invoice.s({1, 2})]
    in_chord = chord(header, tasks.send_invoice.s()).delay().get()
    assert in_chord == "invoice ['invoice {1, 2} sent'] sent"


def test_the_snippet_says_json_for_tasks_and_results_itself():
    # Celery's defaults are JSON already: the page asks to say so explicitly.
    # Read from the file's own app.conf.update(...): the app's configuration
    # holds the defaults too, whatever the file says.
    source = (folder_of(tasks) / "tasks.py").read_text(encoding="utf-8")
    updates = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "app.conf.update"
    ]
    set_by_the_snippet = {
        keyword.arg: ast.literal_eval(keyword.value)
        for call in updates
        for keyword in call.keywords
    }
    assert set_by_the_snippet["task_serializer"] == "json"
    assert set_by_the_snippet["result_serializer"] == "json"
    assert set_by_the_snippet["accept_content"] == ["json"]
    assert set_by_the_snippet["result_accept_content"] == ["json"]
