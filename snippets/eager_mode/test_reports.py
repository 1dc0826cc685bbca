import pytest
from kombu.exceptions import EncodeError

from tasks import app, count_rows


@pytest.fixture
def eager():
    # Run tasks in the test's own process, and let their exceptions reach it.
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(task_always_eager=False, task_eager_propagates=False)


def test_a_small_table_is_counted_completely(eager):
    assert count_rows.delay(1_000).get() == {"rows": 1_000, "complete": True}


def test_arguments_must_be_json(eager):
    with pytest.raises(EncodeError):
        count_rows.delay({1_000})  # a set: what a worker would never receive
