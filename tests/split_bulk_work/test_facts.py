"""What the split-bulk-work page says about messages and eager mode, checked."""

import pytest
import redis
from django.core import mail
from django.core.mail import BadHeaderError

from tests.split_bulk_work.test_tasks import EMAILS
from tests.support.apps import configured
from tests.support.snippets import snippet

tasks = snippet("split_bulk_work")


@pytest.fixture
def queued(clean_redis):
    """The messages the snippet sends, as they sit in Redis (no worker)."""
    with (
        configured(tasks.app, broker_url=clean_redis, task_always_eager=False),
        redis.Redis.from_url(clean_redis) as broker,
    ):
        yield lambda: broker.lrange("celery", 0, -1)


def test_the_group_queues_one_message_per_email(queued):
    tasks.newsletter(EMAILS)
    assert len(queued()) == len(EMAILS)


def test_one_message_per_email_is_about_a_kilobyte(queued):
    tasks.newsletter(["ada@example.com"])
    (message,) = queued()
    assert 500 < len(message) < 2000


def test_chunks_send_one_message_per_batch(queued):
    tasks.newsletter_in_batches([f"reader{i}@example.com" for i in range(2500)])
    assert len(queued()) == 3  # batches of 1,000, 1,000 and 500


def test_a_batch_is_a_loop_again(eager):
    eager(tasks.app, task_eager_propagates=False)
    bad_first = [EMAILS[1], EMAILS[0], EMAILS[2]]
    tasks.send_newsletter.chunks(((email,) for email in bad_first), 2).apply_async()
    # The bad address stopped its batch; the next batch was sent.
    assert [to for m in mail.outbox for to in m.to] == [EMAILS[2]]


def test_eagerly_with_propagation_the_first_failure_stops_the_fan_out(eager):
    eager(tasks.app, task_eager_propagates=True)
    with pytest.raises(BadHeaderError):
        tasks.newsletter(EMAILS)
    assert [to for m in mail.outbox for to in m.to] == [EMAILS[0]]
