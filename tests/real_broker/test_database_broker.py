"""A database broker runs tasks, slowly, and leaves every worker unreachable."""

import pytest
from kombu.transport.redis import Transport as RedisTransport
from kombu.transport.sqlalchemy import Transport as SqlTransport

from tests.support.apps import configured
from tests.support.snippets import snippet
from tests.support.worker_process import worker_process

database_broker = snippet("real_broker", "database_broker")


def test_the_broker_is_a_database_table():
    assert database_broker.app.conf.broker_url.startswith("sqla+sqlite://")


@pytest.mark.worker
def test_a_worker_on_a_database_runs_tasks_but_answers_no_ping(tmp_path, clean_redis):
    broker = f"sqla+sqlite:///{tmp_path / 'celerydb.sqlite'}"
    with (
        configured(database_broker.app, broker_url=broker, result_backend=clean_redis),
        worker_process(database_broker, broker, tmp_path, result_backend=clean_redis),
    ):
        result = database_broker.send_receipt.delay(7)
        assert result.get(timeout=30) == "receipt for order 7 sent"
        assert database_broker.app.control.inspect(timeout=3).ping() is None


def test_the_sql_transport_polls_every_second_and_has_no_fanout():
    assert SqlTransport.polling_interval == 1.0
    assert "fanout" not in SqlTransport.implements.exchange_type
    assert "fanout" in RedisTransport.implements.exchange_type
