import pytest

from tasks import app, count_rows


@pytest.fixture
def eager():
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(task_always_eager=False, task_eager_propagates=False)


# Not this: it reads like a time-limit test, but eager mode never enforces
# a limit, so it passes whether count_rows has one or not.
def test_a_huge_table_is_stopped_by_the_soft_limit(eager):
    result = count_rows.apply_async((300_000,), soft_time_limit=0.01)
    assert result.successful()
