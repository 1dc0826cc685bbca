"""Every canvas result the page prints, checked on the reader's prefork worker."""

import pytest
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
    # get() raises: the header's TypeError, or the chord's ChordError naming it.
    with pytest.raises((TypeError, ChordError)):
        result.get(timeout=20)
    error = result.get(timeout=20, propagate=False)
    failed = result.parent.results[1]  # the chord's header: a group
    assert failed.id in str(error)
    assert "TypeError" in str(error)
    worker.wait_for_log(f"Task {result.id} failed: ChordError(")
    assert f"tasks.tsum[{result.id}] received" not in worker.output()


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
