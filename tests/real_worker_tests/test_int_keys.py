import pytest
from celery import chain

from tests.real_worker_tests.conftest import LOG
from tests.support.snippets import snippet

int_keys = snippet("real_worker_tests", "int_keys")


def rate():
    return chain(int_keys.count_statuses.s(LOG), int_keys.server_error_rate.s()).delay()


def test_eagerly_it_looks_right(eager):
    eager(int_keys.app)
    assert rate().get() == 0.5


@pytest.mark.worker
def test_on_a_worker_the_errors_vanish(worker):
    assert rate().get(timeout=10) == 0.0
