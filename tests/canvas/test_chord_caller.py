import pytest

from snippets.canvas import chord_caller
from snippets.canvas.tasks import app
from tests.support.apps import IN_MEMORY, configured


def test_returns_at_once_even_when_no_worker_is_up():
    with configured(app, **IN_MEMORY):
        app.control.purge()
        result = chord_caller.total_of_doubles(range(3))
        assert result.id
        assert not result.ready()
        app.control.purge()


@pytest.mark.worker
def test_the_workers_compute_the_total(inprocess_worker):
    inprocess_worker(app)
    assert chord_caller.total_of_doubles(range(100)).get(timeout=20) == 9900
