"""Every canvas result the page prints, checked on the reader's prefork worker."""

import time

import pytest
from celery import chord
from celery.exceptions import ChordError

from tests.support.printed import assert_prints_as_commented, commented_outputs
from tests.support.snippets import snippet

workflows = snippet("canvas", "workflows")
_tasks = snippet("canvas", "tasks")
add = _tasks.add

pytestmark = [pytest.mark.worker]


@pytest.mark.parametrize(
    "example",
    [
        workflows.signatures,
        workflows.callbacks,
        workflows.chains_groups_chords,
        workflows.a_chord_that_fails,
        workflows.map_starmap_chunks,
    ],
    ids=lambda f: f.__name__,
)
def test_prints_what_the_page_says(example, capsys, worker):
    assert_prints_as_commented(example, capsys)


def test_collect_waits_for_the_callback(worker):
    result = add.apply_async((1, 2), link=add.s(3))
    values = [value for _, value in result.collect()]
    assert values == [3, 6]
    assert result.children[0].ready()


def test_a_failed_header_task_runs_the_errback_and_never_the_body(worker):
    result = workflows.a_chord_that_fails()
    failed = result.parent.results[1]  # the chord's header: a group
    # get() raises the header task's own TypeError: it checks the parents first.
    with pytest.raises(TypeError):
        result.get(timeout=20)
    # The chord's own result is the ChordError naming the failed task.
    with pytest.raises(ChordError):
        result.get(timeout=20, follow_parents=False)
    error = result.get(timeout=20, propagate=False)
    assert isinstance(error, ChordError)
    assert failed.id in str(error)
    assert "TypeError" in str(error)
    worker.wait_for_log(f"Task {result.id} failed: ChordError(")
    assert f"tasks.tsum[{result.id}] received" not in worker.output()


def test_without_an_errback_the_worker_logs_the_failure_twice(worker):
    result = chord([add.s(1, 1), add.s(1, "one")])(_tasks.tsum.s())
    failed = result.parent.results[1]
    assert isinstance(result.get(timeout=20, propagate=False), ChordError)
    worker.wait_for_log(
        f"ERROR/ForkPoolWorker-1] Task tasks.add[{failed.id}] raised unexpected: "
        "TypeError("
    )
    worker.wait_for_log(
        f"ERROR/ForkPoolWorker-1] Chord '{result.parent.id}' raised: ChordError("
    )


def test_the_chord_fails_only_once_every_header_task_has_finished(worker):
    started = time.monotonic()
    result = chord([add.s(1, "one"), add.s(1, 1).set(countdown=4)])(_tasks.tsum.s())
    failed = result.parent.results[0]
    late = result.parent.results[1]
    worker.wait_for_log(f"Task tasks.add[{failed.id}] raised unexpected")
    state = result.state
    assert not late.ready()  # still waiting for its countdown when state was read
    assert state == "PENDING"  # a failed task does not end the chord
    assert isinstance(result.get(timeout=30, propagate=False), ChordError)
    assert time.monotonic() - started >= 4


def test_the_page_shows_the_talks_results():
    shown = [
        line
        for f in (
            workflows.callbacks,
            workflows.chains_groups_chords,
            workflows.map_starmap_chunks,
        )
        for line in commented_outputs(f)
    ]
    for result in ("3", "6", "640", "[4, 8]", "9900", "[45, 4950]"):
        assert result in shown
