import logging

from snippets.custom_base_task import handled_in_each_task as copied


def test_the_task_without_the_copy_fails_silently(eager, caplog):
    eager(copied.app, task_eager_propagates=False)
    caplog.set_level(logging.INFO)
    copied.ship.apply((-1,))
    logged_for_ship = [
        r.getMessage() for r in caplog.records if r.name == copied.__name__
    ]
    assert logged_for_ship == ["ship failed: ValueError('no order -1')"]
    caplog.clear()
    assert copied.refund.apply((-1,)).state == "FAILURE"
    assert [r for r in caplog.records if r.name == copied.__name__] == []
