"""A Redis broker with an ``allkeys-*`` policy drops queued messages without a
word, a ``volatile-*`` one drops the stored results; with ``noeviction`` (the
page's redis.conf) the publish fails and nothing is lost. A restart keeps the
queues of a Redis that writes them down; a crash keeps them only with the AOF."""

import signal
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
    # No result subscription per message: this is about the queue alone.
    with configured(tasks.app, broker_url=url, task_ignore_result=True):
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
    assert settings["appendfsync"] == "everysec"


@pytest.mark.worker
def store_results(url: str, count: int) -> list[str]:
    """``count`` stored results, as a worker stores them (with a TTL)."""
    with configured(tasks.app, broker_url=url, result_backend=url):
        for n in range(count):
            tasks.app.backend.store_result(f"result-{n}", "receipt sent", "SUCCESS")
    return [f"celery-task-meta-result-{n}" for n in range(count)]


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


@pytest.mark.worker
def test_a_volatile_policy_evicts_the_results_then_refuses_the_publish(small_redis):
    url = small_redis({POLICY: "volatile-lru"})
    results = store_results(url, 300)
    client = redis.Redis.from_url(url)
    assert all(client.ttl(key) > 0 for key in results)  # result_expires
    sent, error, queued = fill(url)
    assert error is not None  # refused, as with noeviction...
    assert queued == sent  # ...and every accepted message is kept: no TTL on it
    assert client.ttl("celery") == -1
    assert client.exists(*results) == 0  # the stored results are gone


@contextmanager
def redis_in(folder: Path, *options: str, conf: Path | None = None):
    """A redis-server keeping its files in ``folder``, started with the file
    ``conf`` and ``options`` (redis.conf names as command-line flags); yields
    it and a client."""
    port = free_port()
    process = subprocess.Popen(
        [
            redis_server_binary(),
            *([str(conf)] if conf else []),
            *("--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)),
            *options,
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
        yield process, client
    finally:
        client.close()
        stop_process_group(process, grace=5)


def queued_after(folder: Path, stop: int, *options: str) -> int:
    """LPUSH one message, stop Redis with the ``stop`` signal (SIGTERM: a
    restart; SIGKILL: a crash), start it again: how many messages are left."""
    with redis_in(folder, *options) as (process, before):
        before.lpush("celery", "a message")
        process.send_signal(stop)
        process.wait(timeout=30)
    with redis_in(folder, *options) as (_, after):
        return after.llen("celery")


def persistence_of(conf: Path) -> list[str]:
    """The page's persistence settings, as redis-server flags."""
    settings = settings_of(conf)
    return [
        *("--appendonly", settings["appendonly"]),
        *("--appendfsync", settings["appendfsync"]),
    ]


@pytest.mark.worker
def test_the_page_redis_conf_is_what_redis_reads(tmp_path):
    """The file itself, given to redis-server: every line is a valid setting."""
    conf = tmp_path / "redis.conf"
    conf.write_text(REDIS_CONF.read_text())
    with redis_in(tmp_path, conf=conf) as (_, client):
        for name, value in settings_of(REDIS_CONF).items():
            assert client.config_get(name) == {name: value}


@pytest.mark.worker
def test_a_restart_keeps_the_queue_with_the_default_snapshots(tmp_path):
    # Redis's own defaults (RDB snapshots): it saves as it stops on SIGTERM.
    assert queued_after(tmp_path, signal.SIGTERM) == 1


@pytest.mark.worker
def test_a_crash_keeps_the_queue_only_with_appendonly(tmp_path):
    (tmp_path / "aof").mkdir()
    (tmp_path / "rdb").mkdir()
    page = persistence_of(REDIS_CONF)
    assert queued_after(tmp_path / "aof", signal.SIGKILL, *page) == 1
    # Snapshots only: what came after the last snapshot is lost.
    assert queued_after(tmp_path / "rdb", signal.SIGKILL) == 0
