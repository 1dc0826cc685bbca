from tests.support.snippets import snippet

no_events = snippet("monitor_workers", "no_events")


def test_events_are_off_by_default():
    assert no_events.app.conf.worker_send_task_events is False
    assert no_events.app.conf.task_send_sent_event is False
