"""A chord on a result backend without native chords: ``celery.chord_unlock``.

The page's "Failure inside a workflow" section: on a database result backend
(SQLite here, through SQLAlchemy) the worker polls the header with a task of
its own, ``celery.chord_unlock``, every ``result_chord_retry_interval`` (1 s),
and fails the body with ``ChordError`` once the header is done and one of its
tasks failed.
"""

import pytest
from celery import Celery, chord
from celery.backends.base import BaseBackend
from celery.exceptions import ChordError

from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

_tasks = snippet("canvas", "tasks")
app = _tasks.app
add, tsum, log_error = _tasks.add, _tasks.tsum, _tasks.log_error

pytestmark = [pytest.mark.worker]


@pytest.fixture(scope="module")
def db_worker(new_redis_db, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("chord-unlock")
    with snippet_worker(
        app,
        _tasks,
        new_redis_db(),
        workdir,
        result_backend=f"db+sqlite:///{workdir / 'results.sqlite'}",
    ) as running:
        yield running


def test_the_database_backend_has_no_native_chords(db_worker):
    # No chord support of its own: the base class's apply_chord, which sends
    # celery.chord_unlock (Redis's backend overrides it to count the header).
    assert type(app.backend).apply_chord is BaseBackend.apply_chord
    redis_backend = Celery(backend="redis://", set_as_current=False).backend
    assert type(redis_backend).apply_chord is not BaseBackend.apply_chord
    assert app.conf.result_chord_retry_interval == 1.0
    # It polls for as long as the header takes: a header task that never
    # finishes keeps it polling for ever.
    assert app.tasks["celery.chord_unlock"].max_retries is None


def test_chord_unlock_polls_the_header_then_runs_the_body(db_worker):
    result = chord([add.s(1, 1), add.s(2, 2).set(countdown=3)])(tsum.s())
    assert result.get(timeout=30) == 6
    # The poll is a task on the worker's own queue, retried until the header
    # is done: it takes a pool process each time it runs.
    db_worker.wait_for_log("Task celery.chord_unlock[")
    assert "retry: Retry in 1.0s" in db_worker.output()


def test_chord_unlock_fails_the_body_and_calls_its_errback(db_worker):
    result = chord([add.s(1, 1), add.s(1, "one")])(tsum.s().on_error(log_error.s()))
    error = result.get(timeout=30, propagate=False)
    assert isinstance(error, ChordError)
    assert "TypeError(" in str(error)
    db_worker.wait_for_log(f"Task {result.id} failed: ChordError(")
    assert f"tasks.tsum[{result.id}] received" not in db_worker.output()
