from tests.support.snippets import snippet

tasks = snippet("monitor_workers")


def test_workers_and_callers_send_events():
    assert tasks.app.conf.worker_send_task_events is True
    assert tasks.app.conf.task_send_sent_event is True


def test_resize(eager):
    eager(tasks.app)
    assert tasks.resize.delay(640, 480, 0.5).get() == [320, 240]
