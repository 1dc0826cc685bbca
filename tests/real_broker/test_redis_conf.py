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
from tests.support.processes import signal_group, stop_process_group
from tests.support.redis_server import free_port, redis_server_binary
from tests.support.snippets import snippet
from tests.support.worker_process import snippet_worker

tasks = snippet("real_broker")

#: Test-only: room for about a thousand messages above an empty Redis's use.
HEADROOM = 1024 * 1024
MESSAGES = 2500
#: The eviction policy of the page's redis.conf (persistence is another matter).
POLICY = "maxmemory-policy"


def in_bytes(size: str) -> int:
    """A redis.conf memory size (``2gb``, ``100mb``, ``1024``) in bytes."""
    units = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "k": 1000, "m": 10**6}
    units["g"] = 10**9
    for unit, factor in sorted(units.items(), key=lambda u: -len(u[0])):
        if size.lower().endswith(unit):
            return int(size[: -len(unit)]) * factor
    return int(size)


def fill(url: str):
    """Send up to MESSAGES messages into a Redis with ``HEADROOM`` bytes free;
    returns (messages sent without error, the error that stopped it or None)."""
    client = redis.Redis.from_url(url)
    client.config_set("maxmemory", client.info("memory")["used_memory"] + HEADROOM)
    sent, error = 0, None
    # No result subscription per message: this is about the queue alone. (Per
    # call: task_ignore_result set here would stay on the task for good, if the
    # app is finalized inside the block.)
    with configured(tasks.app, broker_url=url):
        try:
            for order_id in range(MESSAGES):
                tasks.send_receipt.apply_async((order_id,), ignore_result=True)
                sent += 1
        except Exception as exc:  # whatever the publish raises
            error = exc
    return sent, error, client.llen("celery")


def past_the_limit(client: redis.Redis) -> None:
    """TEST DEVICE: lower a full Redis's limit to half of what it holds, past
    the limit by more than a message, as when other keys (results, a cache)
    fill it. Just at the limit, memory freed after the refused write (a
    client's buffers) can let the next write in: a busy machine's run did."""
    client.config_set("maxmemory", client.info("memory")["used_memory"] // 2)


def fill_past_the_limit(worker, url: str) -> tuple[int, Exception | None]:
    """``fill()`` while ``worker`` is stopped, then lower Redis's limit to half
    of what it holds; returns (messages sent, the error that stopped them).

    Stopped, the worker takes no part until Redis is full; its pending BRPOP
    (if already sent) is answered with the first message meanwhile. TEST
    DEVICE: past the limit by more than a message, as when other keys (results,
    a cache) fill it. Just at the limit, the message the worker pops frees the
    room its record needs, and it drains the queue: a busy machine's run did.
    """
    client = redis.Redis.from_url(url)
    signal_group(worker.process, signal.SIGSTOP)
    try:
        sent, error, _ = fill(url)
        past_the_limit(client)
    finally:
        signal_group(worker.process, signal.SIGCONT)
    return sent, error


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
    assert in_bytes(settings["maxmemory"]) > 0  # a limit, so the policy applies
    assert settings["appendonly"] == "yes"
    assert settings["appendfsync"] == "everysec"


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
def test_a_worker_started_on_the_full_redis_stops_at_once(small_redis, tmp_path):
    """The refused writes stop workers too: a worker's start-up writes a lock
    (restoring unacknowledged messages) and Redis refuses it."""
    url = small_redis({POLICY: settings_of(REDIS_CONF)[POLICY]})
    sent, error, _ = fill(url)
    assert error is not None
    past_the_limit(redis.Redis.from_url(url))
    with (
        pytest.raises(RuntimeError, match="worker exited early") as exited,
        snippet_worker(tasks.app, tasks, url, tmp_path),
    ):
        pass  # never reached: the worker is gone before it is ready
    log = str(exited.value)
    assert "Unrecoverable error" in log
    assert "OutOfMemoryError" in log
    assert redis.Redis.from_url(url).llen("celery") == sent  # nothing run, kept


@pytest.mark.worker
def test_a_running_worker_dies_on_the_full_redis_and_loses_the_message_it_took(
    small_redis, tmp_path
):
    """A worker already running when Redis is past its limit: Redis hands it a message
    (BRPOP), kombu's QoS then records it as unacknowledged (ZADD and HSET in one
    MULTI), Redis refuses that write, and the worker stops. The message is in
    neither the queue nor the unacknowledged set: nothing will deliver it
    again."""
    url = small_redis({POLICY: settings_of(REDIS_CONF)[POLICY]})
    client = redis.Redis.from_url(url)
    with snippet_worker(tasks.app, tasks, url, tmp_path) as worker:
        sent, error = fill_past_the_limit(worker, url)
        assert error is not None
        status = worker.process.wait(timeout=60)
        log = worker.output()
    assert status == 1, log
    assert "Unrecoverable error" in log
    assert "OutOfMemoryError" in log
    # The refused write: recording the message it was handed as unacknowledged.
    assert "qos.append(message" in log
    # The message it was handed left the queue and was never recorded for
    # redelivery: whether it still ran depends on how far the worker got
    # before it stopped (on a busy machine it sometimes does).
    assert client.llen("celery") == sent - 1
    assert client.hlen("unacked") == client.zcard("unacked_index") == 0
    assert log.count(" succeeded in ") <= 1


@pytest.mark.worker
def test_results_fill_the_broker_redis_until_it_refuses_the_publish(small_redis):
    """Don't keep results nobody reads: results stored in the broker's Redis
    (the page's noeviction) take the memory until a publish is refused."""
    url = small_redis({POLICY: settings_of(REDIS_CONF)[POLICY]})
    client = redis.Redis.from_url(url)
    client.config_set("maxmemory", client.info("memory")["used_memory"] + HEADROOM)
    stored, refusal = 0, None
    with configured(tasks.app, broker_url=url, result_backend=url):
        try:
            receipt = "receipt sent: " + "x" * 1000  # a kilobyte each
            for n in range(HEADROOM // 1000):
                tasks.app.backend.store_result(f"r-{n}", receipt, "SUCCESS")
                stored += 1
        except redis.exceptions.ResponseError as exc:  # alone or in a MULTI
            refusal = exc
        assert "maxmemory" in str(refusal)
        assert stored > 100
        past_the_limit(client)
        with pytest.raises(Exception) as publish:  # noqa: PT011 kombu's or redis's
            tasks.send_receipt.apply_async((7,), ignore_result=True)
    assert "OOM" in repr(publish.value) or "memory" in repr(publish.value)
    assert client.llen("celery") == 0


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
            if name == "maxmemory":  # read back in bytes
                value = str(in_bytes(value))
            assert client.config_get(name) == {name: value}


@pytest.mark.worker
def test_without_maxmemory_redis_has_no_limit_to_refuse_at(tmp_path):
    """Redis's own defaults: noeviction already, and no memory limit at all, so
    the policy never applies; the page's redis.conf sets both."""
    with redis_in(tmp_path) as (_, client):
        assert client.config_get("maxmemory-policy") == {
            "maxmemory-policy": "noeviction"
        }
        assert client.config_get("maxmemory") == {"maxmemory": "0"}


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
