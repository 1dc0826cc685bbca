"""What a failure does inside a workflow, on the reader's prefork worker and Redis.

The page's "Failure inside a workflow" section: an errback on a chain, and the
steps chained after a chord whose header failed, which Celery 5.7 fails and
5.5 and 5.6 leave ``PENDING`` (their chord_error_from_stack fails only the body;
5.7 reports the fix as celery#10767).
"""

import celery
import pytest
from celery import chain, chord
from celery.exceptions import ChordError
from celery.result import GroupResult

from tests.support.snippets import snippet

_tasks = snippet("canvas", "tasks")
add, mul, tsum, log_error = _tasks.add, _tasks.mul, _tasks.tsum, _tasks.log_error

CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])

pytestmark = [pytest.mark.worker]


def _worker_is_done_with_what_came_before():
    # -c 1: the one pool process runs tasks in turn, and a failed task's
    # backend work (chord counting, errbacks) is done before it takes the next.
    assert add.delay(0, 0).get(timeout=20) == 0


def test_a_chain_stops_at_the_failed_step_and_fails_the_steps_after_it(worker):
    # The second step fails: the chain's errback reaches every step, not only
    # the first.
    workflow = chain(add.s(1, 1), add.s("one"), mul.s(2), mul.s(10))
    result = workflow.on_error(log_error.s())()
    failed = result.parent.parent
    assert failed.parent.get(timeout=20) == 2
    # The result of the chain's last step is the failure itself, at once: the
    # worker stores it for each step after the failed one, which never runs.
    with pytest.raises(TypeError):
        result.get(timeout=20)
    # The errback runs in the failed task's worker process, after the steps'
    # results are stored.
    worker.wait_for_log(f"Task {failed.id} failed: TypeError(")
    assert result.state == result.parent.state == "FAILURE"
    assert f"tasks.mul[{result.parent.id}] received" not in worker.output()


def _header_of(result):
    while not isinstance(result, GroupResult):
        result = result.parent
    return result


def test_a_step_after_a_failed_chord(worker):
    workflow = chain(chord([add.s(1, 1), add.s(1, "one")], tsum.s()), mul.s(2))
    result = workflow()
    header = _header_of(result)
    worker.wait_for_log(f"Chord '{header.id}' raised: ChordError(")
    _worker_is_done_with_what_came_before()
    if CELERY >= (5, 7):
        # 5.7 fails the steps chained after the chord too (celery#10767).
        assert result.state == "FAILURE"
        assert isinstance(result.get(timeout=20, propagate=False), ChordError)
    else:
        # 5.5 and 5.6: their chord_error_from_stack fails the body only.
        assert result.state == "PENDING"
    assert f"tasks.mul[{result.id}] received" not in worker.output()


def test_a_chord_inside_a_chain_inside_a_chord_header(worker):
    # The failed step's chain ends in a chord: its body is the outer chord's
    # part, and only 5.7 reaches it (celery#9674, #10323).
    inner = chain(add.s(1, "one"), chord([add.s(1, 1)], tsum.s()))
    result = chord([inner, add.s(1, 1)])(tsum.s())
    _worker_is_done_with_what_came_before()
    if CELERY >= (5, 7):
        error = result.get(timeout=20, propagate=False)
        assert isinstance(error, ChordError)
        assert "TypeError(" in str(error)
    else:
        # 5.5 and 5.6: one part of two returned, and nothing fails the rest.
        assert result.state == "PENDING"
