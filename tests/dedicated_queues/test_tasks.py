"""Routed tasks wait for a worker on their queue; other workers never take them."""

import time

import pytest
import redis

from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("dedicated_queues")

ROUNDS = 200_000


def test_reports_are_routed_to_their_own_queue():
    # By the tasks' own names, as the page says: a task named otherwise than
    # its route's pattern would fail here.
    router = tasks.app.amqp.router
    assert router.route({}, tasks.render_report.name)["queue"].name == "reports"
    assert router.route({}, tasks.send_receipt.name)["queue"].name == "celery"


@pytest.mark.worker
def test_only_a_worker_on_the_reports_queue_takes_a_report(
    clean_redis, celery_worker_process
):
    broker = redis.Redis.from_url(clean_redis)
    with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
        celery_worker_process(tasks, queues=["celery"])
        report = tasks.render_report.delay(42, ROUNDS)
        receipt = tasks.send_receipt.delay(1001)
        # The receipt worker answers at once and leaves the report alone.
        assert receipt.get(timeout=20) == "receipt for order 1001 sent"
        time.sleep(1)
        assert report.state == "PENDING"
        assert broker.llen("reports") == 1

        celery_worker_process(tasks, queues=["reports"])
        assert len(report.get(timeout=20)) == 64
        assert broker.llen("reports") == 0


@pytest.mark.worker
def test_a_queue_given_per_call_overrides_the_route(clean_redis, celery_worker_process):
    with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
        celery_worker_process(tasks, queues=["reports"])
        urgent = tasks.send_receipt.apply_async((1002,), queue="reports")
        assert urgent.get(timeout=20) == "receipt for order 1002 sent"
