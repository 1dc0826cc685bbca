import pytest

from tests.support.apps import configured
from tests.support.snippets import snippet

chord_caller = snippet("canvas", "chord_caller")
_tasks = snippet("canvas", "tasks")
app = _tasks.app


@pytest.mark.worker
def test_returns_at_once_even_when_no_worker_is_up(clean_redis):
    # A broker no worker listens to.
    with configured(app, broker_url=clean_redis, result_backend=clean_redis):
        result = chord_caller.total_of_doubles(range(3))
        assert result.id
        assert not result.ready()


@pytest.mark.worker
def test_the_workers_compute_the_total(worker):
    assert chord_caller.total_of_doubles(range(100)).get(timeout=20) == 9900
