import pytest

from tests.support.snippets import snippet

tasks = snippet("never_wait_inside_a_task")


@pytest.mark.worker
def test_the_chain_adds_everything_on_a_real_worker(worker):
    assert tasks.add_all(1, 2, 3, 4).get(timeout=20) == 10


@pytest.mark.worker
def test_the_caller_does_not_wait_for_the_sum(worker):
    result = tasks.add_all(*range(100))
    assert result.id  # returned before the chain ran
    assert result.get(timeout=30) == 4950


def test_eagerly_too(eager):
    eager(tasks.app)
    assert tasks.add_all(1, 2, 3, 4).get() == 10
