"""What the page says about Celery's events and Redis queues, on a real worker."""

import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import redis
from celery.events import EventReceiver

from tests.support.apps import configured
from tests.support.processes import run_as_reader
from tests.support.snippets import folder_of, snippet

tasks = snippet("monitor_workers")
no_events = snippet("monitor_workers", "no_events")
count_task_events = snippet("monitor_workers", "count_events").count_task_events


def capture_in_thread(app, handlers, **capture):
    connection = app.connection_for_read()
    receiver = EventReceiver(connection, handlers=handlers, app=app)
    thread = threading.Thread(
        target=receiver.capture, kwargs={"limit": None, **capture}, daemon=True
    )
    thread.start()
    return receiver, thread, connection


def stop(receiver, thread, connection):
    receiver.should_stop = True
    thread.join(timeout=30)
    connection.release()
    assert not thread.is_alive()


def periodic_heartbeats(app):
    beats = []
    capture = capture_in_thread(app, {"worker-heartbeat": beats.append})
    # The receiver's wake-up call gets one extra answer (freq 5); the worker's
    # own heartbeats say how often they come.
    periodic = lambda: [b for b in beats if b["freq"] != 5]  # noqa: E731
    deadline = time.monotonic() + 30
    while len(periodic()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    stop(*capture)
    return periodic()


@pytest.mark.worker
def test_a_default_worker_sends_a_heartbeat_event_every_2_s(worker):
    beats = periodic_heartbeats(tasks.app)
    assert len(beats) >= 2
    assert {beat["freq"] for beat in beats} == {2.0}


@pytest.mark.worker
def test_it_does_with_task_events_off_too(real_worker):
    real_worker(no_events.app, no_events)
    beats = periodic_heartbeats(no_events.app)
    assert len(beats) >= 2
    assert {beat["freq"] for beat in beats} == {2.0}


@pytest.mark.worker
def test_captures_timeout_is_an_idle_timeout(worker):
    # timeout=5 ends only after 5 s without any event; heartbeats every 2 s
    # restart it, so after 8 s the capture is still running.
    capture = capture_in_thread(tasks.app, {}, timeout=5)
    time.sleep(8)
    assert capture[1].is_alive()
    stop(*capture)


@pytest.mark.worker
def test_a_task_waiting_in_a_queue_is_visible_only_with_sent_events(clean_redis):
    seen, sent_ids = {}, {}
    for module in (tasks, no_events):
        with configured(module.app, broker_url=clean_redis, result_backend=clean_redis):
            sent = []
            capture = capture_in_thread(module.app, {"task-sent": sent.append})
            time.sleep(1)  # the receiver is bound to the event exchange
            result = module.resize.delay(640, 480, 0.5)  # no worker is running
            deadline = time.monotonic() + (10 if module is tasks else 3)
            while not sent and time.monotonic() < deadline:
                time.sleep(0.1)
            stop(*capture)
            seen[module.__name__] = [event["uuid"] for event in sent]
            sent_ids[module.__name__] = result.id
    assert seen == {"tasks": [sent_ids["tasks"]], "no_events": []}


@pytest.mark.worker
def test_llen_misses_prioritised_and_reserved_messages(real_worker, clean_redis):
    broker = redis.Redis.from_url(clean_redis)
    worker = real_worker(tasks.app, tasks)
    worker.pause_pool()  # a busy pool: the worker prefetches what comes next
    sent = [  # within its prefetch window, 4 for its one process
        *(tasks.resize.delay(10, 10, 2) for _ in range(2)),
        tasks.resize.apply_async((10, 10, 2), countdown=60),
        tasks.resize.apply_async(
            (10, 10, 2), eta=datetime.now(UTC) + timedelta(minutes=1)
        ),
    ]
    deadline = time.monotonic() + 30
    while broker.hlen("unacked") < len(sent) and time.monotonic() < deadline:
        time.sleep(0.1)
    # Reserved by the worker: in the unacked hash (keyed by delivery tag), not
    # in the list.
    reserved = b" ".join(broker.hvals("unacked"))
    assert all(result.id.encode() in reserved for result in sent)
    assert broker.hlen("unacked") == len(sent)
    assert broker.llen("celery") == 0
    worker.kill()


@pytest.mark.worker
@pytest.mark.parametrize(
    ("priority", "queue"),
    [
        *((p, "celery") for p in (0, 1, 2)),
        *((p, "celery\x06\x163") for p in (3, 4, 5)),
        *((p, "celery\x06\x166") for p in (6, 7, 8)),
        (9, "celery\x06\x169"),
    ],
)
def test_a_priority_goes_to_the_list_of_its_step(clean_redis, priority, queue):
    broker = redis.Redis.from_url(clean_redis)
    with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
        tasks.resize.apply_async((10, 10, 2), priority=priority)  # no worker is up
    lists = [
        key.decode() for key in broker.keys("celery*") if broker.type(key) == b"list"
    ]
    assert lists == [queue]
    assert broker.llen(queue) == 1


@pytest.mark.worker
@pytest.mark.parametrize(
    ("command", "shows"),
    [
        ("active", "empty"),
        ("registered", "tasks.resize"),
        ("stats", "prefetch_count"),
    ],
)
def test_the_pages_inspect_commands(worker, events_broker, command, shows):
    done = run_as_reader(
        [
            *(sys.executable, "-m", "celery", "-A", "tasks", "-b", events_broker),
            *("inspect", command),
        ],
        folder_of(tasks),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert worker.hostname.split("@")[0] in done.stdout
    assert shows in done.stdout


def test_the_events_command_exists():
    done = run_as_reader(
        [sys.executable, "-m", "celery", "-A", "tasks", "events", "--help"],
        folder_of(tasks),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_eagerly_there_is_nothing_to_inspect_or_count(eager):
    eager(tasks.app)
    counted = {}
    listener = threading.Thread(
        target=lambda: counted.update(count_task_events(tasks.app, 2)), daemon=True
    )
    listener.start()
    time.sleep(0.5)
    assert tasks.resize.delay(640, 480, 0.5).get() == [320, 240]
    listener.join(timeout=60)
    assert not listener.is_alive()
    assert counted == {}
    assert tasks.app.control.inspect(timeout=0.5).stats() is None
