"""A small Redis of the module's own, configured from the page's redis.conf."""

from pathlib import Path

import pytest
import redis
from pytest_redis import factories

from tests.support.redis_server import redis_server_binary
from tests.support.snippets import snippet_folder

REDIS_CONF = snippet_folder("real_broker") / "redis.conf"

broker_memory_redis = factories.redis_proc(executable=redis_server_binary(), port=None)


def settings_of(conf: Path) -> dict[str, str]:
    """The ``name value`` lines of a redis.conf."""
    lines = conf.read_text().splitlines()
    pairs = [line.split(None, 1) for line in lines if line and not line.startswith("#")]
    return dict(pairs)


@pytest.fixture
def small_redis(broker_memory_redis):
    """``small_redis(settings)``: the URL of the module's Redis, emptied, with
    ``settings`` (redis.conf names) applied at run time with CONFIG SET."""
    url = f"redis://{broker_memory_redis.host}:{broker_memory_redis.port}/0"
    client = redis.Redis.from_url(url)

    def configure(settings: dict[str, str]) -> str:
        client.config_set("maxmemory", 0)
        client.flushall()
        for name, value in settings.items():
            client.config_set(name, value)
        return url

    yield configure
    client.config_set("maxmemory", 0)
    client.flushall()
    client.close()
