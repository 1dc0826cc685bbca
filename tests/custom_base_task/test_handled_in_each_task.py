from tests.support.snippets import snippet

copied = snippet("custom_base_task", "handled_in_each_task")


def test_the_task_without_the_copy_fails_silently(eager, messages_of):
    eager(copied.app, task_eager_propagates=False)
    messages_of(copied.logger)
    copied.ship.apply((-1,))
    assert messages_of(copied.logger) == ["ship failed: ValueError('no order -1')"]
    assert copied.refund.apply((-1,)).state == "FAILURE"
    assert messages_of(copied.logger) == ["ship failed: ValueError('no order -1')"]
