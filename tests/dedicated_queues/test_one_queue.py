"""A route that names no task is ignored: the slow work shares the default queue."""

import pytest
import redis

from tests.support.apps import configured
from tests.support.snippets import snippet

one_queue = snippet("dedicated_queues", "one_queue")


@pytest.fixture
def broker(clean_redis):
    with configured(one_queue.app, broker_url=clean_redis, result_backend=clean_redis):
        yield redis.Redis.from_url(clean_redis)


def test_the_task_is_named_after_its_module_so_the_route_matches_nothing():
    assert one_queue.render_report.name == "one_queue.render_report"
    assert "tasks.render_report" not in one_queue.app.tasks
    route = one_queue.app.amqp.router.route({}, one_queue.render_report.name)
    assert route["queue"].name == "celery"


@pytest.mark.worker
def test_the_report_lands_in_the_default_queue(broker):
    one_queue.render_report.delay(7)
    assert broker.llen("celery") == 1
    assert broker.llen("reports") == 0


@pytest.mark.worker
def test_a_worker_for_receipts_ends_up_rendering_reports(broker, celery_worker_process):
    celery_worker_process(one_queue, queues=["celery"])
    assert one_queue.render_report.delay(7).get(timeout=20) == "report for account 7"
