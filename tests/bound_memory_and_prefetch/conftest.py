"""Which pool process ran a task, and a worker kept busy while another starts.

The prefetch scenario takes ``start_worker()`` so that it runs on Redis here
and on RabbitMQ in tests/real_broker/test_rabbitmq.py.
"""

import re
import time

from tests.graceful_shutdown.conftest import queued, wait_until

#: Two seconds of hashing or more: still running when its process is paused.
ROUNDS = 8_000_000
#: Test-only: STARTED in the result backend tells the test the task runs.
TRACK_STARTED = {"task_track_started": True}
#: Test-only: one million short strings, some 70 MiB in a pool process.
BIG_PRICE_LIST = 1_000_000


def process_of(worker, result) -> str:
    """The pool process (``ForkPoolWorker-N``) that ran ``result``'s task."""
    worker.wait_for_log(f"{result.id}] succeeded")
    found = re.search(
        rf"/(ForkPoolWorker-\d+)\] Task [\w.]+\[{result.id}\] succeeded",
        worker.output(),
    )
    return found.group(1)


def busy_worker_and_new_worker(module, start_worker):
    """A worker busy with a long task while three short ones are queued, then a
    second worker started. Returns (second worker, short results, messages left
    in the queue before the second worker started)."""
    first = start_worker()
    long = module.fingerprint.delay("catalogue", ROUNDS)
    wait_until(lambda: long.state == "STARTED", f"never started:\n{first.output()}")
    first.pause_pool()
    short = [module.send_receipt.delay(n) for n in range(3)]
    # Give the busy worker time to reserve what its prefetch allows.
    deadline = time.monotonic() + 3
    while queued(module.app) and time.monotonic() < deadline:
        time.sleep(0.1)
    waiting = queued(module.app)
    second = start_worker()
    return first, second, short, waiting
