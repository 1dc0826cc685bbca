import threading
import time
from pathlib import Path

import celery
import pytest
from celery.events import EventReceiver

from tests.support.probes import probe, registered
from tests.support.snippets import snippet

CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])

no_events = snippet("monitor_workers", "no_events")
tasks = snippet("monitor_workers")
_count_events = snippet("monitor_workers", "count_events")
count_task_events = _count_events.count_task_events
limit_probe = probe(Path(__file__).with_name("time_limit_probe.py"))


def count_while(app, send, seconds=4.0):
    counted = {}
    listener = threading.Thread(
        target=lambda: counted.update(count_task_events(app, seconds)), daemon=True
    )
    listener.start()
    time.sleep(1)  # the receiver is bound to the event exchange
    send()
    listener.join(timeout=seconds + 60)
    assert not listener.is_alive(), "count_task_events never returned"
    return counted


def send_three(module):
    results = [
        module.resize.delay(640, 480, 0.5),
        module.resize.delay(640, 480, 2),
        module.resize.delay(640, 480, 0),
    ]
    for result in results:
        result.get(timeout=10, propagate=False)


@pytest.mark.worker
def test_successes_and_failures_are_counted(worker):
    counted = count_while(tasks.app, lambda: send_three(tasks))
    assert counted == {"task-succeeded": 2, "task-failed": 1}


@pytest.mark.worker
def test_it_returns_after_its_seconds_while_heartbeats_keep_coming(worker):
    # The worker runs with Celery's defaults: a heartbeat event every 2 s. An
    # idle timeout would never end; the generous join only absorbs a slow machine.
    finished = threading.Event()
    started = time.monotonic()
    listener = threading.Thread(
        target=lambda: (count_task_events(tasks.app, 3), finished.set()), daemon=True
    )
    listener.start()
    assert finished.wait(timeout=60), "count_task_events never returned"
    assert time.monotonic() - started >= 3


@pytest.mark.worker
def test_without_events_nothing_is_counted(real_worker):
    real_worker(no_events.app, no_events)
    counted = count_while(no_events.app, lambda: send_three(no_events))
    assert counted == {}


@pytest.mark.worker
def test_a_hard_time_limit_is_one_failed_task_whatever_the_events(real_worker):
    failed = []  # every task-failed event, as a plain receiver hears them
    with registered(limit_probe):
        real_worker(limit_probe.app, limit_probe)
        with limit_probe.app.connection_for_read() as connection:
            receiver = EventReceiver(
                connection, handlers={"task-failed": failed.append}, app=limit_probe.app
            )
            listener = threading.Thread(
                target=receiver.capture, kwargs={"limit": None}, daemon=True
            )
            listener.start()
            counted = count_while(
                limit_probe.app, lambda: limit_probe.hangs.delay(), seconds=15
            )
            # Celery 5.7 sends task-failed from the timeout handler and again
            # from the failure handler; 5.5 and 5.6 send it once.
            events = 2 if CELERY >= (5, 7) else 1
            deadline = time.monotonic() + 20
            while len(failed) < events and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1)  # and no more
            receiver.should_stop = True
            listener.join(timeout=30)
    assert len(failed) == events
    assert len({event["uuid"] for event in failed}) == 1
    assert counted == {"task-failed": 1}
