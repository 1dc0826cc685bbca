from celery import Celery

from tests.support.snippets import snippet

error_tracker = snippet("notify_on_failure", "error_tracker")
swallowed = snippet("notify_on_failure", "swallowed")


def test_the_failure_is_reported_as_a_success_and_nobody_hears(webhook, eager):
    # The error tracker is listening: a task that fails, of any app, is heard.
    other = Celery("other")

    @other.task(shared=False)
    def explode():
        raise RuntimeError("boom")

    eager(other, task_eager_propagates=False)
    explode.apply()
    assert len(webhook.posted) == 1
    # The swallowing task fails the same way, and says nothing.
    eager(swallowed.app, task_eager_propagates=False)
    result = swallowed.charge_card.apply((42, 0))
    assert result.state == "SUCCESS"
    assert result.get() is None  # the customer was not charged
    assert len(webhook.posted) == 1
