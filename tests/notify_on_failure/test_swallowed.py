from tests.support.snippets import snippet

error_tracker = snippet("notify_on_failure", "error_tracker")
swallowed = snippet("notify_on_failure", "swallowed")


def test_the_failure_is_reported_as_a_success_and_nobody_hears(webhook, eager):
    assert error_tracker.report_to_error_tracker  # connected, listening
    eager(swallowed.app, task_eager_propagates=False)
    result = swallowed.charge_card.apply((42, 0))
    assert result.state == "SUCCESS"
    assert result.get() is None  # the customer was not charged
    assert webhook.posted == []
