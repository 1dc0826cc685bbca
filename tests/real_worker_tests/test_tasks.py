import pytest
from celery import chain

from tests.real_worker_tests.conftest import LOG
from tests.support.snippets import snippet

tasks = snippet("real_worker_tests")


def rate():
    return chain(tasks.count_statuses.s(LOG), tasks.server_error_rate.s()).delay()


def test_eagerly_half_the_requests_failed(eager):
    eager(tasks.app)
    assert rate().get() == 0.5


@pytest.mark.worker
def test_on_a_worker_half_the_requests_failed(worker):
    assert rate().get(timeout=10) == 0.5
