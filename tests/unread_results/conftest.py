"""A Redis server of the module's own for results, apart from the broker's, as
the snippet configures it."""

import pytest
import redis
from pytest_redis import factories

from tests.support.redis_server import redis_server_binary

results_redis_server = factories.redis_proc(executable=redis_server_binary(), port=None)


@pytest.fixture
def results_redis(results_redis_server):
    """The URL of the results Redis, emptied for this test."""
    url = f"redis://{results_redis_server.host}:{results_redis_server.port}/0"
    client = redis.Redis.from_url(url)
    client.flushall()
    yield url
    client.flushall()
    client.close()
