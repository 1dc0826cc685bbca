import base64
import json
import threading

import pytest
import redis

from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("never_wait_inside_a_task")


@pytest.mark.worker
def test_the_chain_adds_everything_on_a_real_worker(worker):
    assert tasks.add_all(1, 2, 3, 4).get(timeout=20) == 10
    assert tasks.add_all(*range(100)).get(timeout=30) == 4950


@pytest.mark.worker
def test_no_numbers_sum_to_zero(worker):
    assert tasks.add_all().get(timeout=20) == 0


def test_the_caller_gets_a_result_id_before_any_of_it_has_run(clean_redis):
    # No worker at all: add_all must return anyway, with the whole sum still to
    # do. A caller that waited for the chain would still be waiting.
    returned = []
    with (
        configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis),
        redis.Redis.from_url(clean_redis) as broker,
    ):
        caller = threading.Thread(
            target=lambda: returned.append(tasks.add_all(*range(100))), daemon=True
        )
        caller.start()
        caller.join(timeout=30)
        assert returned, "add_all() did not return: it waits for the chain"
        (result,) = returned
        assert result.state == "PENDING"
        # One message waits: the first add, carrying the 100 steps after it.
        (message,) = broker.lrange("celery", 0, -1)
        envelope = json.loads(message)
        args, _kwargs, embed = json.loads(base64.b64decode(envelope["body"]))
        assert args == [0, 0]
        assert len(embed["chain"]) == 100
        assert envelope["headers"]["id"] != result.id  # the sum is the last step


def test_eagerly_too(eager):
    eager(tasks.app)
    assert tasks.add_all(1, 2, 3, 4).get() == 10
    assert tasks.add_all().get() == 0
