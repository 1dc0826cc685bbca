"""Without the lock, both overlapping runs do the whole rebuild."""

import re
from datetime import datetime

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
    for run in runs:  # the log line may follow the stored result by a moment
        worker.wait_for_log(f"{run.id}] succeeded")
    # Each run's start is its end, by the worker's clock, less its runtime.
    (_, first_end), (second_start, _) = sorted(spans(worker.output()))
    assert second_start < first_end, "the two runs did not overlap"


DONE = re.compile(
    r"^\[(\S+ \S+): INFO/ForkPoolWorker-\d+\] "
    r"Task no_lock.rebuild_search_index\[\S+\] succeeded in ([\d.]+)s"
)


def spans(log: str) -> list[tuple[float, float]]:
    """(start, end) of each rebuild the worker logged as succeeded."""
    found = [DONE.match(line) for line in log.splitlines()]
    ends = [
        (datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp(), m)
        for m in found
        if m
    ]
    return [(end - float(m.group(2)), end) for end, m in ends]
