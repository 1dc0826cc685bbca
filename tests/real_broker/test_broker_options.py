"""The broker options the real-broker page names, read from the installed Celery
and kombu; and the server releases the pages say their proofs ran on, checked
against the servers the tests run."""

import glob
import inspect
import re
import types
from pathlib import Path

import kombu
import pytest
import redis
from celery.app.defaults import DEFAULTS
from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import redis as redis_transport

KOMBU = tuple(int(part) for part in kombu.__version__.split(".")[:2])
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_connection_loss_and_channel_error_settings_are_off_by_default():
    assert DEFAULTS["worker_cancel_long_running_tasks_on_connection_loss"] is False
    assert DEFAULTS["broker_channel_error_retry"] is False


def test_redis_waits_forever_and_checks_its_connections_every_25_s():
    assert redis_transport.Channel.socket_timeout is None
    assert redis_transport.Channel.health_check_interval == 25
    for name in ("socket_timeout", "health_check_interval"):
        assert name in redis_transport.Channel.from_transport_options


def test_the_brpop_timeout_is_1_s_on_every_release():
    if KOMBU >= (5, 6):
        assert redis_transport.Transport.brpop_timeout == 1
    else:
        # kombu 5.5 has no brpop_timeout: the 1 s is the default argument.
        assert not hasattr(redis_transport.Transport, "brpop_timeout")
        start = inspect.signature(redis_transport.Channel._brpop_start)
        assert start.parameters["timeout"].default == 1


@pytest.mark.skipif(KOMBU < (5, 6), reason="brpop_timeout is new in kombu 5.6")
def test_from_kombu_5_6_polling_interval_sets_the_brpop_timeout():
    with kombu.Connection(
        "redis://localhost:1//", transport_options={"polling_interval": 3}
    ) as connection:
        transport = connection.transport
        assert transport.brpop_timeout == 3
    with kombu.Connection("redis://localhost:1//") as connection:
        assert connection.transport.brpop_timeout == 1


@pytest.mark.skipif(KOMBU < (5, 7), reason="the BRPOP check is new in kombu 5.7")
def test_kombu_5_7_drops_an_overdue_brpop_and_says_to_set_socket_timeout():
    assert hasattr(redis_transport.MultiChannelPoller, "maybe_check_brpop_health")
    doc = " ".join(redis_transport.__doc__.split())
    assert "The BRPOP connection is checked too." in doc
    assert (
        "``brpop_timeout + 2 * health_check_interval`` seconds (51 by default)" in doc
    )
    assert "Set it when the broker can disappear without closing the TCP" in doc


@pytest.mark.skipif(KOMBU < (5, 7), reason="the PGMQ transport is new in kombu 5.7")
def test_pgmq_has_fanout_and_a_visibility_timeout_and_polls():
    from kombu.transport import pgmq

    assert TRANSPORT_ALIASES["pgmq"] == "kombu.transport.pgmq:Transport"
    assert pgmq.Channel.supports_fanout is True
    assert "fanout" in pgmq.Transport.implements.exchange_type
    assert pgmq.Channel.default_visibility_timeout == 1800
    assert pgmq.Transport.polling_interval == 1.0  # after an empty read only
    assert pgmq.Channel.default_wait_time_seconds == 10  # the server-side long poll
    assert pgmq.Channel.default_poll_interval_ms == 100
    assert pgmq.Transport.implements.heartbeats is False
    assert pgmq.Transport.implements.asynchronous is False
    assert "``use_notify``" in pgmq.__doc__


@pytest.mark.skipif(KOMBU < (5, 7), reason="the PGMQ transport is new in kombu 5.7")
def test_pgmq_sends_the_visibility_timeout_and_the_long_poll_with_each_read():
    """Not one timeout per database, as on Redis: each read carries the reading
    channel's own (pgmq itself is not installed: a stand-in records the call)."""
    from kombu.transport import pgmq

    reads = []

    class Client:
        def read_with_poll(self, queue, **options):
            reads.append((queue, options))
            return []

    channel = types.SimpleNamespace(
        pgmq=Client(),
        _noack_queues=set(),
        _queue_name=lambda queue: queue,
        _fifo_read_method=lambda: None,
        visibility_timeout=42,
        wait_time_seconds=10,
        poll_interval_ms=100,
    )
    assert pgmq.Channel._receive_messages(channel, "celery", poll=True) == []
    assert reads == [
        (
            "celery",
            {"vt": 42, "qty": 1, "max_poll_seconds": 10, "poll_interval_ms": 100},
        )
    ]


def test_the_sql_transport_has_no_fanout():
    from kombu.transport import sqlalchemy

    assert sqlalchemy.Channel.supports_fanout is False
    assert "fanout" not in sqlalchemy.Transport.implements.exchange_type


#: The pages whose proofs run on a real broker, and the servers they name.
PAGES = {
    "handling-failure/acks-late.md": ("Redis", "RabbitMQ"),
    "handling-failure/time-limits.md": ("Redis",),
    "running-workers/limit-and-lock.md": ("Redis",),
    "running-workers/graceful-shutdown.md": ("Redis", "RabbitMQ"),
    "running-workers/bound-memory-and-prefetch.md": ("Redis", "RabbitMQ"),
    "running-workers/real-broker.md": ("Redis", "RabbitMQ"),
    "time-and-deploys/short-countdowns.md": ("Redis", "RabbitMQ"),
}
PROVED_ON = re.compile(r"Proved on Redis (\d[\d.]*\d)(?: and RabbitMQ (\d[\d.]*\d))?\.")


@pytest.fixture(scope="module")
def servers(redis_url):
    with redis.Redis.from_url(redis_url) as client:
        found = {"Redis": client.info("server")["redis_version"]}
    rabbitmq = glob.glob("/usr/lib/rabbitmq/lib/rabbitmq_server-*/")
    if rabbitmq:
        found["RabbitMQ"] = Path(rabbitmq[0]).name.removeprefix("rabbitmq_server-")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_the_page_names_the_servers_its_proofs_ran_on(page, servers):
    text = " ".join((DOCS / page).read_text(encoding="utf-8").split())
    named = PROVED_ON.findall(text)
    expected = tuple(servers.get(name, "not installed") for name in PAGES[page])
    assert len(named) == 1, f"{page}: no single 'Proved on Redis X' line: {named}"
    assert tuple(filter(None, named[0])) == expected, (
        f"{page} says it is proved on {named[0]}, the tests ran on {expected}: "
        "run them on the releases the page names, or update the page"
    )
