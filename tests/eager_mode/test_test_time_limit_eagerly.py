import pytest

from tests.support.readers_tests import run_readers_tests
from tests.support.snippets import snippet

tasks = snippet("eager_mode")


def test_it_passes_though_no_limit_stopped_anything(eager, tmp_path):
    status, output = run_readers_tests(
        "snippets/eager_mode/test_time_limit_eagerly.py", tmp_path
    )
    assert status == 0, output
    eager(tasks.app)
    same_call = tasks.count_rows.apply_async((300_000,), soft_time_limit=0.01)
    assert same_call.get() == {"rows": 300_000, "complete": True}


@pytest.mark.worker
def test_on_a_worker_the_limit_stops_the_task_and_it_still_succeeds(worker):
    # The reader's test, run on the prefork worker instead of eagerly: the
    # limit is enforced, and the assertion passes all the same. TEST VALUES:
    # the page's table's 2,000,000 rows and 0.2 s, not the reader's 0.01 s,
    # which a loaded machine can let expire before the task's try block is
    # entered (a CI run lost its pool process to the exception that way).
    result = tasks.count_rows.apply_async((2_000_000,), soft_time_limit=0.2)
    outcome = result.get(timeout=20)
    assert outcome["complete"] is False
    assert result.successful()
