import pytest

from tasks import app, count_rows

EAGER = {"task_always_eager": True, "task_eager_propagates": True}


@pytest.fixture
def eager():
    saved = {key: app.conf[key] for key in EAGER}
    app.conf.update(EAGER)
    yield
    app.conf.update(saved)


# Not this: it reads like a time-limit test, and it proves nothing. Eagerly no
# limit is enforced and the task counts every row; on a worker the limit stops
# it and count_rows, catching SoftTimeLimitExceeded, returns normally. The task
# succeeds either way: the assertion passes with a limit or without one.
def test_a_huge_table_is_stopped_by_the_soft_limit(eager):
    result = count_rows.apply_async((300_000,), soft_time_limit=0.01)
    assert result.successful()
