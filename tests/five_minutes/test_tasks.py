import celery.exceptions
import pytest

from tests.support.apps import IN_MEMORY, configured
from tests.support.printed import assert_prints_as_commented
from tests.support.snippets import snippet

tasks = snippet("five_minutes")


def test_add_is_a_plain_function_too():
    assert tasks.add(4, 5) == 9


@pytest.mark.worker
def test_delay_then_get_prints_as_commented(inprocess_worker, capsys):
    inprocess_worker(tasks.app)
    assert_prints_as_commented(tasks.main, capsys)


def test_without_a_worker_the_result_stays_pending():
    with configured(tasks.app, **IN_MEMORY):
        result = tasks.add.delay(4, 5)
        with pytest.raises(celery.exceptions.TimeoutError):
            result.get(timeout=0.5)
        assert result.state == "PENDING"
        tasks.app.control.purge()
