import pytest
from kombu.exceptions import EncodeError

from tasks import app, count_rows, report_period

# Run tasks in the test's own process, and let their exceptions reach it.
EAGER = {"task_always_eager": True, "task_eager_propagates": True}


@pytest.fixture
def eager():
    saved = {key: app.conf[key] for key in EAGER}
    app.conf.update(EAGER)
    yield
    app.conf.update(saved)  # as the project's own test settings had them


def test_a_small_table_is_counted_completely(eager):
    assert count_rows.delay(1_000).get() == {"rows": 1_000, "complete": True}


def test_arguments_must_be_json(eager):
    with pytest.raises(EncodeError):
        count_rows.delay({1_000})  # a set: what a worker would never receive


def test_a_month_that_does_not_exist_is_refused(eager):
    with pytest.raises(ValueError, match="bad month"):  # raised here, by .delay()
        report_period.delay("2026-13")
