"""The story's deadlock, on the pool readers run: a prefork worker with four
processes and four tasks that force the wait through."""

import textwrap
from pathlib import Path

import celery.exceptions
import pytest

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("never_wait_inside_a_task")
waits_inside = snippet("never_wait_inside_a_task", "waits_inside")

PROCESSES = 4  # the story's "four worker processes"
STILL_WAITING_AFTER = 15  # seconds

# waits_inside.add_all with the guard switched off, as the story's team did.
FORCED = "forces_the_wait"
FORCED_SOURCE = textwrap.dedent(
    """
    from tasks import add, app


    @app.task
    def add_all(*numbers):
        result = 0
        for number in numbers:
            result = add.delay(result, number).get(disable_sync_subtasks=False)
        return result
    """
)


# A worker of each test's own: the lock test leaves its worker stuck.
@pytest.fixture
def forced_worker(new_redis_db, tmp_path):
    workdir = tmp_path
    (workdir / f"{FORCED}.py").write_text(FORCED_SOURCE)
    # The snippet's loop, but for the switch.
    snippets_loop = Path(waits_inside.__file__).read_text()
    assert "result = add.delay(result, number).get()\n" in snippets_loop
    with snippet_worker(
        tasks.app,
        tasks,
        new_redis_db(),
        workdir,
        concurrency=PROCESSES,
        extra_args=["-I", FORCED],
    ) as running:
        yield running


def forced_add_all(*numbers):
    return tasks.app.send_task(f"{FORCED}.add_all", args=numbers)


@pytest.mark.worker
def test_forced_through_one_waiting_task_finishes(forced_worker):
    # Free processes run the adds it waits for.
    assert forced_add_all(1, 2, 3, 4).get(timeout=30) == 10


@pytest.mark.worker
def test_as_many_waiting_tasks_as_processes_lock_the_pool(forced_worker):
    # The worker stays stuck, so the test kills it. The waiting tasks are
    # queued before the worker reads the queue again, ahead of the adds they
    # send, as four arriving at once are.
    control = tasks.app.control
    assert control.cancel_consumer("celery", reply=True, limit=1, timeout=30)
    stuck = [forced_add_all(1, 2) for _ in range(PROCESSES)]
    assert control.add_consumer("celery", reply=True, limit=1, timeout=30)
    forced_worker.wait_for_log_count(f"Task {FORCED}.add_all[", PROCESSES, timeout=60)
    # Each holds a process and waits for an add that no process is free to run.
    with pytest.raises(celery.exceptions.TimeoutError):
        stuck[0].get(timeout=STILL_WAITING_AFTER)
    assert all(result.state == "PENDING" for result in stuck)
    # Behind them, any other task waits too.
    with pytest.raises(celery.exceptions.TimeoutError):
        tasks.add.delay(1, 1).get(timeout=5)
    forced_worker.kill()
