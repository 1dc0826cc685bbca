"""Where Celery's refusal to wait inside a task holds, and where it does not."""

import celery.exceptions
import pytest
from celery import chain, group

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("never_wait_inside_a_task")
waits_inside = snippet("never_wait_inside_a_task", "waits_inside")


def test_eagerly_a_switched_off_guard_lets_the_wait_through(eager):
    eager(waits_inside.app)

    @waits_inside.app.task(shared=False)
    def add_all_unguarded(*numbers):
        result = 0
        for number in numbers:
            add = waits_inside.add.delay(result, number)
            result = add.get(disable_sync_subtasks=False)
        return result

    assert add_all_unguarded.delay(1, 2, 3, 4).get() == 10


def test_eagerly_the_refusal_comes_from_delay_not_from_apply(eager):
    # delay()/apply_async() under task_always_eager run the task with joins
    # denied; calling apply() yourself does not, and the wait goes through.
    eager(waits_inside.app)
    result = waits_inside.add_all.apply((1, 2, 3, 4))
    assert result.state == "SUCCESS"
    assert result.get() == 10


def test_eagerly_a_chain_or_group_lets_the_wait_through(eager):
    # An eager chain runs its tasks with joins allowed; an eager group does not
    # deny them: a test that calls the task through either hides the error.
    eager(waits_inside.app)
    add_all = waits_inside.add_all.s(1, 2, 3, 4)
    assert chain(add_all).apply_async().get() == 10
    assert group(add_all).apply_async().get() == [10]


# A worker of each test's own: the lock-up test leaves its worker stuck, and
# must not leave it to a test that runs after it.
@pytest.fixture(params=["gevent", "eventlet"])
def green_worker(request, new_redis_db, tmp_path):
    with snippet_worker(
        tasks.app,
        tasks,
        new_redis_db(),
        tmp_path,
        pool=request.param,
        concurrency=2,
        extra_args=["-I", "waits_inside"],
    ) as running:
        yield running


@pytest.mark.worker
def test_green_pools_do_not_refuse_the_wait(green_worker):
    # With two green threads the waiting task and the add it waits for both
    # fit; as many waiting tasks as green threads would wait forever.
    assert waits_inside.add_all.delay(1, 2, 3, 4).get(timeout=30) == 10


@pytest.mark.worker
@pytest.mark.parametrize("green_worker", ["gevent", "eventlet"], indirect=True)
def test_with_every_green_thread_waiting_the_pool_locks_up(green_worker):
    # Two waiting tasks take both green threads; the adds they wait for never
    # start. The worker stays stuck, so the test kills it.
    # Both are queued before the worker reads the queue again, ahead of the
    # adds they send: otherwise a busy machine may let the first one's add in
    # before the second, and it finishes.
    control = waits_inside.app.control
    assert control.cancel_consumer("celery", reply=True, limit=1, timeout=30)
    stuck = [waits_inside.add_all.delay(1, 2) for _ in range(2)]
    assert control.add_consumer("celery", reply=True, limit=1, timeout=30)
    with pytest.raises(celery.exceptions.TimeoutError):
        stuck[0].get(timeout=5)
    assert all(result.state == "PENDING" for result in stuck)
    # A warm shutdown would wait for the stuck tasks: nothing is left to see.
    green_worker.kill()
