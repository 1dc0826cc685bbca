import pytest

from tests.support.snippets import snippet

_tasks = snippet("canvas", "tasks")
add = _tasks.add
app = _tasks.app
mul = _tasks.mul
tsum = _tasks.tsum
xsum = _tasks.xsum


def test_tasks_compute_in_a_worker_free_call():
    assert add(2, 3) == 5
    assert mul(4, 5) == 20
    assert tsum([1, 2, 3]) == 6
    assert xsum(list(range(10))) == 45


def test_app_accepts_only_json():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]


@pytest.mark.worker
def test_tasks_run_on_a_worker(worker):
    assert add.delay(4, 5).get(timeout=10) == 9
