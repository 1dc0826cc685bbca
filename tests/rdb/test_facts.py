"""rdb's defaults and port search, as the page states them."""

import inspect
import socket

from celery.contrib import rdb

from tests.support.redis_server import free_port


def test_the_defaults():
    assert rdb.DEFAULT_PORT == 6899
    assert rdb.CELERY_RDB_HOST == "127.0.0.1"
    limit = inspect.signature(rdb.Rdb.__init__).parameters["port_search_limit"]
    assert limit.default == 100


def test_a_taken_port_is_skipped():
    base = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", base))
        # A bare Rdb: get_avail_port needs nothing that __init__ sets up.
        found, port = rdb.Rdb.get_avail_port(object(), "127.0.0.1", base)
        found.close()
    # The next port up, unless another process on this machine holds it too.
    assert base < port < base + 100
