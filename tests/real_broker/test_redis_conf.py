"""A Redis broker that evicts keys drops queued messages without a word; with
``noeviction`` (the page's redis.conf) the publish fails and nothing is lost."""

import pytest
import redis

from tests.real_broker.conftest import REDIS_CONF, settings_of
from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("real_broker")

#: Test-only: room for about a thousand messages above an empty Redis's own use.
HEADROOM = 1024 * 1024
MESSAGES = 3000


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


def chain(error: BaseException | None) -> list[type]:
    """The classes of ``error`` and the exceptions it was raised from."""
    found = []
    while error is not None:
        found.append(type(error))
        error = error.__cause__ or error.__context__
    return found


def test_the_page_redis_conf_never_evicts_and_persists():
    settings = settings_of(REDIS_CONF)
    assert settings["maxmemory-policy"] == "noeviction"
    assert settings["appendonly"] == "yes"


@pytest.mark.worker
def test_noeviction_refuses_the_publish_and_keeps_every_message(small_redis):
    url = small_redis(settings_of(REDIS_CONF))
    sent, error, queued = fill(url)
    # kombu may wrap it or fail on the way out; the cause is Redis's refusal.
    assert redis.exceptions.OutOfMemoryError in chain(error), repr(error)
    assert 0 < sent < MESSAGES
    assert queued == sent  # every message the producer was told went in is there


@pytest.mark.worker
def test_an_lru_policy_drops_queued_messages_without_an_error(small_redis):
    url = small_redis({**settings_of(REDIS_CONF), "maxmemory-policy": "allkeys-lru"})
    sent, error, queued = fill(url)
    assert error is None
    assert sent == MESSAGES
    assert queued < sent  # evicted: the producer was never told
