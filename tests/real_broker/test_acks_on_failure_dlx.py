"""acks-late page: with ``task_acks_on_failure = False`` (before 5.7,
``task_acks_on_failure_or_timeout = False``) a late-acknowledged task that
fails is rejected without requeue, and on RabbitMQ the rejected message goes to
the queue's dead-letter exchange. By default it is acknowledged: nothing goes
there."""

import time

import celery
import kombu
import pytest

from tests.support.snippets import snippet

tasks = snippet("acks_late")
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
#: The worker's queue, as Celery declares its default one, with a dead-letter
#: exchange (test-only: the page's snippet has none).
DEAD_LETTERED = {
    "task_queues": {
        "celery": {
            "exchange": "celery",
            "routing_key": "celery",
            "queue_arguments": {"x-dead-letter-exchange": "dlx"},
        }
    }
}
FAILURE_SETTING = (
    "task_acks_on_failure" if CELERY >= (5, 7) else "task_acks_on_failure_or_timeout"
)


def dead_letters_after_a_failure(rabbitmq_worker, rabbitmq_url, settings):
    """Run a task that raises on a worker whose queue dead-letters to ``dlx``;
    the messages that reach the dead-letter queue, and the task's deliveries."""
    dead = kombu.Queue("dead", kombu.Exchange("dlx", type="fanout"))
    with kombu.Connection(rabbitmq_url) as connection:
        dead(connection.default_channel).declare()
        worker = rabbitmq_worker(
            tasks.app, tasks, settings={**DEAD_LETTERED, **settings}
        )
        # A number has no .encode(): the task raises AttributeError. The
        # worker has declared the queue; the sender declares nothing.
        result = tasks.fingerprint.apply_async((42, 1), declare=[])
        worker.wait_for_log(" raised unexpected", timeout=30)
        deadline = time.monotonic() + 10
        bound = dead(connection.default_channel)
        messages = []
        while time.monotonic() < deadline:
            message = bound.get(no_ack=True)
            if message is not None:
                messages.append(message)
                break
            time.sleep(0.1)
        received = worker.output().count(f"[{result.id}] received")
    return messages, received


@pytest.mark.worker
def test_acks_on_failure_false_rejects_a_failed_task_to_the_dead_letter_exchange(
    rabbitmq_worker, rabbitmq_url
):
    messages, received = dead_letters_after_a_failure(
        rabbitmq_worker, rabbitmq_url, {FAILURE_SETTING: False}
    )
    assert received == 1  # not requeued
    (message,) = messages
    assert message.headers["task"] == tasks.fingerprint.name
    assert message.headers["x-death"][0]["reason"] == "rejected"


@pytest.mark.worker
def test_by_default_a_failed_task_is_acknowledged_and_nothing_is_dead_lettered(
    rabbitmq_worker, rabbitmq_url
):
    messages, received = dead_letters_after_a_failure(rabbitmq_worker, rabbitmq_url, {})
    assert received == 1
    assert messages == []
