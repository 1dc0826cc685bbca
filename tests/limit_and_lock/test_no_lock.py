"""Without the lock, both overlapping runs do the whole rebuild."""

import pytest

from tests.limit_and_lock.conftest import INDEX, ROUNDS
from tests.support.snippets import snippet

no_lock = snippet("limit_and_lock", "no_lock")


@pytest.mark.worker
def test_two_overlapping_runs_both_do_the_work(real_worker):
    worker = real_worker(
        no_lock.app, no_lock, concurrency=2, extra_args=["-I", "no_lock"]
    )
    runs = [no_lock.rebuild_search_index.delay(3, ROUNDS) for _ in range(2)]
    assert [r.get(timeout=60) for r in runs] == [INDEX] * 2
    assert worker.output().count("no_lock.rebuild_search_index") >= 2
