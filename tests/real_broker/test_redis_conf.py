"""A Redis broker that evicts keys drops queued messages without a word; with
``noeviction`` (the page's redis.conf) the publish fails and nothing is lost."""

import contextlib
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.real_broker.conftest import REDIS_CONF, settings_of
from tests.support.apps import configured
from tests.support.processes import stop_process_group
from tests.support.redis_server import free_port, redis_server_binary
from tests.support.snippets import snippet

tasks = snippet("real_broker")

#: Test-only: room for about two thousand messages above an empty Redis's use.
HEADROOM = 2 * 1024 * 1024
MESSAGES = 5000
#: The eviction policy of the page's redis.conf (persistence is another matter).
POLICY = "maxmemory-policy"


def fill(url: str):
    """Send up to MESSAGES messages into a Redis with ``HEADROOM`` bytes free;
    returns (messages sent without error, the error that stopped it or None)."""
    client = redis.Redis.from_url(url)
    client.config_set("maxmemory", client.info("memory")["used_memory"] + HEADROOM)
    sent, error = 0, None
    with configured(tasks.app, broker_url=url, result_backend=url):
        try:
            for order_id in range(MESSAGES):
                tasks.send_receipt.delay(order_id)
                sent += 1
        except Exception as exc:  # whatever the publish raises
            error = exc
    return sent, error, client.llen("celery")


def push_until_refused(client: redis.Redis) -> tuple[int, Exception | None]:
    """LPUSH 10 kB values until Redis refuses one (at most HEADROOM's worth)."""
    pushed = 0
    try:
        for _ in range(HEADROOM // 10_000 + 1):
            client.lpush("celery", "x" * 10_000)
            pushed += 1
    except redis.exceptions.ResponseError as refusal:
        return pushed, refusal
    return pushed, None


def test_the_page_redis_conf_never_evicts_and_persists():
    settings = settings_of(REDIS_CONF)
    assert settings["maxmemory-policy"] == "noeviction"
    assert settings["appendonly"] == "yes"


@pytest.mark.worker
def test_noeviction_refuses_the_publish_and_keeps_every_message(small_redis):
    url = small_redis({POLICY: settings_of(REDIS_CONF)[POLICY]})
    sent, error, queued = fill(url)
    # The producer gets an error: kombu's, raised from Redis's refusal or from
    # the reconnection that follows it.
    assert error is not None
    assert 0 < sent < MESSAGES
    assert queued == sent  # every message the producer was told went in is there
    # Redis itself refuses writes now, and evicts nothing to make room.
    client = redis.Redis.from_url(url)
    pushed, refusal = push_until_refused(client)
    assert isinstance(refusal, redis.exceptions.OutOfMemoryError), refusal
    assert client.llen("celery") == sent + pushed


@pytest.mark.worker
def test_an_lru_policy_drops_queued_messages_without_an_error(small_redis):
    url = small_redis({POLICY: "allkeys-lru"})
    sent, error, queued = fill(url)
    assert error is None
    assert sent == MESSAGES
    assert queued < sent  # evicted: the producer was never told


@contextmanager
def redis_in(folder: Path, appendonly: str):
    """A redis-server keeping its files in ``folder``; yields a client."""
    port = free_port()
    process = subprocess.Popen(
        [
            redis_server_binary(),
            *("--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)),
            *("--save", "", "--appendonly", appendonly),
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    client = redis.Redis(port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield client
    finally:
        client.close()
        stop_process_group(process, grace=5)


def queued_after_restart(folder: Path, appendonly: str) -> int:
    with redis_in(folder, appendonly) as before:
        before.lpush("celery", "a message")
        with contextlib.suppress(redis.exceptions.ConnectionError):
            before.shutdown(nosave=True)  # no snapshot: only the AOF is on disk
    with redis_in(folder, appendonly) as after:
        return after.llen("celery")


@pytest.mark.worker
def test_queued_messages_survive_a_restart_only_with_appendonly(tmp_path):
    (tmp_path / "aof").mkdir()
    (tmp_path / "none").mkdir()
    assert (
        queued_after_restart(tmp_path / "aof", settings_of(REDIS_CONF)["appendonly"])
        == 1
    )
    assert queued_after_restart(tmp_path / "none", "no") == 0
