"""``broker_channel_error_retry`` is not RabbitMQ's alone: kombu's Redis
transport counts redis-py's ``ResponseError`` among its channel errors, and
``OutOfMemoryError`` is one. With the setting on, a running worker whose full
Redis refuses a write reconnects and keeps trying, where by default it exits
(``test_redis_conf.py``); once Redis has room again, it runs the queue. The
message it was handed when Redis refused the write is lost all the same."""

import pytest
import redis

from tests.real_broker.conftest import REDIS_CONF, settings_of
from tests.real_broker.test_redis_conf import POLICY, fill_past_the_limit
from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("real_broker")

LOST = "Connection to broker lost"
REFUSED = "command not allowed when used memory > 'maxmemory'"


def test_redis_out_of_memory_is_a_channel_error_for_kombu():
    from kombu.transport import redis as redis_transport

    _, channel_errors = redis_transport.get_redis_error_classes()
    assert issubclass(redis.exceptions.OutOfMemoryError, channel_errors)


@pytest.mark.worker
def test_with_channel_error_retry_a_worker_on_a_full_redis_reconnects(
    small_redis, tmp_path
):
    url = small_redis({POLICY: settings_of(REDIS_CONF)[POLICY]})
    client = redis.Redis.from_url(url)
    settings = {"broker_channel_error_retry": True}
    with snippet_worker(tasks.app, tasks, url, tmp_path, settings=settings) as worker:
        # As in test_redis_conf.py: stopped while Redis fills, then past its
        # limit by more than a message.
        sent, error = fill_past_the_limit(worker, url)
        assert error is not None
        # Refused: the worker drops the connection and stays up (without the
        # setting it exits with status 1, and this wait raises).
        worker.wait_for_log(f"{LOST}. Trying to re-establish", timeout=60)
        # Its reconnections are refused too, and it keeps trying.
        worker.wait_for_log_count(REFUSED, 2, timeout=60)
        # The message it popped before the refused write is in neither the
        # queue nor the unacknowledged set: the retry saves the worker, not it.
        # Its reconnections are refused before they pop another.
        assert client.llen("celery") == sent - 1
        assert client.hlen("unacked") == client.zcard("unacked_index") == 0
        log = worker.output()
        assert "OutOfMemoryError" in log
        assert "Unrecoverable error" not in log
        assert worker.process.poll() is None
        # Room again: the same worker runs the queue.
        client.config_set("maxmemory", 0)
        worker.wait_for_log_count(" succeeded in ", 2, timeout=60)
        assert worker.process.poll() is None
