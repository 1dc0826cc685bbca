import pytest
from celery.exceptions import TimeoutError as CeleryTimeoutError

from tests.support.apps import configured
from tests.support.snippets import snippet

waiting_caller = snippet("canvas", "waiting_caller")
_tasks = snippet("canvas", "tasks")
app = _tasks.app


@pytest.mark.worker
def test_blocks_the_caller_when_no_worker_is_free(clean_redis):
    # Messages go to the broker, but nobody consumes them: the caller hangs.
    with (
        configured(app, broker_url=clean_redis, result_backend=clean_redis),
        pytest.raises(CeleryTimeoutError),
    ):
        waiting_caller.total_of_doubles(range(3), timeout=0.5)


@pytest.mark.worker
def test_gives_the_answer_only_after_every_round_trip(worker):
    assert waiting_caller.total_of_doubles(range(5)) == 20
