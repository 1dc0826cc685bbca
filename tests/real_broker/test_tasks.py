"""A worker on a real broker answers remote control; the snippet names one."""

import pytest
from celery.contrib.testing.app import DEFAULT_TEST_CONFIG

from tests.support.snippets import snippet

tasks = snippet("real_broker")


def test_the_broker_is_rabbitmq_and_results_go_to_redis():
    assert tasks.app.conf.broker_url.startswith("amqp://")
    assert tasks.app.conf.result_backend.startswith("redis://")


@pytest.mark.worker
def test_a_worker_on_redis_answers_ping_and_runs_tasks(real_worker):
    worker = real_worker(tasks.app, tasks)
    assert tasks.send_receipt.delay(7).get(timeout=20) == "receipt for order 7 sent"
    replies = tasks.app.control.inspect(timeout=10, limit=1).ping()
    assert replies == {worker.node_name: {"ok": "pong"}}


def test_the_pytest_plugin_worker_uses_the_memory_transport():
    assert DEFAULT_TEST_CONFIG["broker_url"] == "memory://"
