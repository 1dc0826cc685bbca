"""A message that kills its worker process, on a quorum queue with the page's
delivery-limit policy: RabbitMQ drops it after the limit."""

from pathlib import Path

import pytest

from tests.conftest import RABBITMQ_CONSUMER_TIMEOUT_MS
from tests.quorum_queues.conftest import (
    messages_in,
    policy_command,
    vhost_of,
    wait_until,
)
from tests.support.probes import probe, registered
from tests.support.snippets import snippet

tasks = snippet("quorum_queues")
poison = probe(Path(__file__).with_name("poison_probe.py"))

pytestmark = pytest.mark.worker

#: TEST VALUE: the page's policy with a limit of 1 instead of 20 (each
#: delivery costs a pool process); test_facts.py runs it at 20.
LIMIT = 1
#: TEST VALUE: longer than the test.
LONG_TIMEOUT_MS = 120_000


def test_the_probe_runs_the_pages_settings():
    for name in (
        "task_default_queue_type",
        "task_default_exchange_type",
        "broker_transport_options",
        "worker_prefetch_multiplier",
    ):
        assert poison.app.conf[name] == tasks.app.conf[name]
    page_task, probe_task = tasks.charge, poison.charge
    assert (probe_task.acks_late, probe_task.reject_on_worker_lost) == (True, True)
    assert (page_task.acks_late, page_task.reject_on_worker_lost) == (True, True)


@pytest.fixture
def long_consumer_timeout(rabbitmq_consumer_timeout):
    """A consumer_timeout the test does not reach: a lost process is noticed
    and its message rejected after a few seconds on a busy machine, past the
    test server's 2 s, which would close the channel first."""
    rabbitmq_consumer_timeout(LONG_TIMEOUT_MS)
    yield
    rabbitmq_consumer_timeout(RABBITMQ_CONSUMER_TIMEOUT_MS)


@pytest.mark.usefixtures("long_consumer_timeout")
def test_a_poison_message_is_dropped_after_the_delivery_limit(
    rabbitmq_worker, rabbitmq_url, rabbitmqctl
):
    vhost = vhost_of(rabbitmq_url)
    rabbitmqctl(*policy_command(vhost, limit=LIMIT))
    with registered(poison):
        worker = rabbitmq_worker(poison.app, poison)
        result = poison.charge.delay(1)
        wait_until(
            lambda: worker.output().count("charge runs") > LIMIT,
            "the poison message never came back",
        )
        wait_until(
            lambda: messages_in(rabbitmqctl, vhost) == 0,
            "the message is still in the queue",
        )
        worker.wait_for_log_count("exited with 'signal 9 (SIGKILL)'", LIMIT + 1)
    assert worker.output().count("charge runs") == LIMIT + 1  # then no more
    assert worker.process.poll() is None
    assert result.state == "PENDING"  # nothing recorded the drop
