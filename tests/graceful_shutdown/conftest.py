"""Signal a prefork worker mid-task and see what it hands back to the broker.

Each scenario takes ``start_worker()`` (a new worker on the test's broker) so
that the same proof runs on Redis here and on RabbitMQ in
tests/real_broker/test_rabbitmq.py.
"""

import os
import signal
import time
from pathlib import Path

from celery import Celery

#: Two seconds of hashing or more (longer on a busy machine): the task is still
#: running when the worker is signalled, and outlasts the 1 s soft shutdown.
ROUNDS = 8_000_000
# stretch("order-1", ROUNDS), worked out once: two seconds of hashing saved
# each time a test checks the worker's answer.
DIGEST = "3a0b8ab1ca784516ab4bb30e31472d6525a6267d7725eb627403896cf07089d3"
#: Half a second of hashing or more, for a task the test holds with pause_pool
#: (SIGSTOP) once it runs: it is still running when the worker is signalled, and
#: outlasts any window, however short its hashing.
HELD_ROUNDS = 2_000_000
# stretch("order-1", HELD_ROUNDS), worked out once.
HELD_DIGEST = "1b29bea526d3520065d4c23cbbe055be476883396e1447da73f08e1fcaab3458"
#: Test-only: the page's soft shutdown waits 20 s.
SOFT_SHUTDOWN = {"worker_soft_shutdown_timeout": 1}
#: The grace period the page's window must fit in: Kubernetes' default
#: terminationGracePeriodSeconds, after which it sends SIGKILL.
GRACE_PERIOD = 30
#: Docker's default grace period (docker stop -t, compose stop_grace_period).
DOCKER_GRACE_PERIOD = 10
#: What the page has the reader set in the worker's environment.
REMAP = {"REMAP_SIGTERM": "SIGQUIT"}
#: Test-only: STARTED in the result backend tells the test the task runs.
TRACK_STARTED = {"task_track_started": True}


def queued(app: Celery, queue: str = "celery") -> int:
    """Messages waiting in ``queue``, on any broker."""
    with app.connection_for_write() as connection:
        # Declared as the worker declares it (a passive declare fails on an
        # empty Redis queue); the reply carries the message count.
        bound = app.amqp.queues[queue].bind(connection.default_channel)
        return bound.queue_declare().message_count


def wait_until(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def signal_mid_task(worker, result, sig: int) -> int:
    """Send ``sig`` to the worker's main process once ``result``'s task runs, as
    a deploy does; returns the worker's exit status."""
    wait_until(lambda: result.state == "STARTED", f"never started:\n{worker.output()}")
    worker.process.send_signal(sig)
    return worker.process.wait(timeout=60)


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def pause_pool(worker) -> list[int]:
    """``WorkerProcess.pause_pool``, once each pool process is stopped (a
    SIGSTOP not yet taken would look like a pending signal); returns them."""
    pid = worker.process.pid
    children = [
        int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ]
    worker.pause_pool()
    wait_until(
        lambda: all(_status(child)["State"].startswith("T") for child in children),
        "the pool process never stopped",
    )
    return children


def _has_pending_signal(pid: int) -> bool:
    try:
        status = _status(pid)
    except FileNotFoundError:
        return False
    return any(int(status[mask], 16) for mask in ("SigPnd", "ShdPnd"))


def resume_when_signalled(children: list[int], timeout: float) -> None:
    """Wake paused pool processes (``pause_pool``) once the worker has sent one
    a signal (it waits, pending, until the process runs again)."""
    wait_until(
        lambda: any(map(_has_pending_signal, children)),
        "the worker never signalled its pool process",
        timeout,
    )
    for child in children:
        os.kill(child, signal.SIGCONT)


def warm_shutdown_finishes_and_hands_back(module, start_worker) -> int:
    """SIGTERM: the running task finishes and its result is stored; a message
    the worker had reserved but not started goes back to the queue. Returns how
    many messages are back in the queue once the worker has exited."""
    worker = start_worker()
    running = module.fingerprint.delay("order-1", HELD_ROUNDS)
    reserved = module.fingerprint.delay("order-2", 1)
    wait_until(lambda: queued(module.app) == 0, "the worker never reserved it")
    wait_until(lambda: running.state == "STARTED", f"never started:\n{worker.output()}")
    children = pause_pool(worker)  # still running when the signal arrives
    worker.process.send_signal(signal.SIGTERM)
    worker.wait_for_log("worker: Warm shutdown")
    assert running.state == "STARTED"  # not done when the shutdown began
    for child in children:
        os.kill(child, signal.SIGCONT)
    assert worker.process.wait(timeout=60) == 0
    # Without REMAP_SIGTERM, SIGTERM never starts the soft shutdown window.
    assert "Initiating Soft Shutdown" not in worker.output()
    assert running.state == "SUCCESS"
    assert running.get(timeout=1) == HELD_DIGEST
    assert reserved.state == "PENDING"
    return queued(module.app)


def cold_shutdown_loses_an_early_acknowledged_task(module, start_worker) -> None:
    """SIGQUIT without soft shutdown or late ack: the running task is killed and
    its message was acknowledged already, so nothing is handed back."""
    worker = start_worker()
    running = module.fingerprint.delay("order-1", ROUNDS)
    signal_mid_task(worker, running, signal.SIGQUIT)
    assert f"{running.id}] succeeded" not in worker.output()
    # Celery marks the cancelled task RETRY, but no retry was sent.
    assert running.state == "RETRY"
    assert queued(module.app) == 0


def soft_shutdown_hands_a_late_task_back(module, start_worker) -> None:
    """SIGQUIT with soft shutdown and late ack: after the soft shutdown window
    the task is stopped, its message goes back, and the next worker runs it."""
    first = start_worker()
    running = module.fingerprint.delay("order-1", HELD_ROUNDS)
    wait_until(lambda: running.state == "STARTED", f"never started:\n{first.output()}")
    # The task outlasts the window: its process stops where it is, burning no
    # CPU, until the worker stops it at the end of the window.
    children = pause_pool(first)
    first.process.send_signal(signal.SIGQUIT)
    first.wait_for_log("Initiating Soft Shutdown")
    resume_when_signalled(children, timeout=60)
    first.process.wait(timeout=60)
    assert f"{running.id}] succeeded" not in first.output()
    assert queued(module.app) == 1
    second = start_worker()
    assert running.get(timeout=60) == HELD_DIGEST
    second.wait_for_log(f"{running.id}] succeeded")
