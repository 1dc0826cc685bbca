import pytest

from tests.support.snippets import snippet

waits_inside = snippet("never_wait_inside_a_task", "waits_inside")


REFUSED = r"Never call result\.get\(\) within a task"


@pytest.mark.worker
def test_a_real_worker_refuses_to_wait_inside_a_task(worker):
    with pytest.raises(RuntimeError, match=REFUSED):
        waits_inside.add_all.delay(1, 2, 3, 4).get(timeout=20)


def test_eager_mode_refuses_it_too(eager):
    # delay() under task_always_eager denies waiting, on every supported release.
    eager(waits_inside.app)
    with pytest.raises(RuntimeError, match=REFUSED):
        waits_inside.add_all.delay(1, 2, 3, 4)
