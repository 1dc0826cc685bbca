import logging

import pytest

from tests.support.snippets import snippet

copied = snippet("custom_base_task", "handled_in_each_task")
CELERY_TRACE = logging.getLogger("celery.app.trace")


def test_the_task_without_the_copy_fails_in_the_log_and_sends_no_alert(
    eager, messages_of
):
    eager(copied.app, task_eager_propagates=False)
    messages_of(copied.alerts)
    messages_of(CELERY_TRACE)
    copied.ship.apply((-1,), task_id="s-1")
    assert messages_of(copied.alerts) == ["ship failed: ValueError('no order -1')"]
    assert copied.refund.apply((-1,), task_id="r-1").state == "FAILURE"
    assert messages_of(copied.alerts) == ["ship failed: ValueError('no order -1')"]
    # Celery itself logs each failure, the copy or not.
    assert messages_of(CELERY_TRACE) == [
        f"Task {copied.ship.name}[s-1] raised unexpected: ValueError('no order -1')",
        f"Task {copied.refund.name}[r-1] raised unexpected: ValueError('no order -1')",
    ]


@pytest.mark.worker
def test_on_a_worker_the_failure_is_in_the_log_with_its_traceback(real_worker):
    worker = real_worker(copied.app, copied)
    result = copied.refund.delay(-1)
    with pytest.raises(ValueError, match="no order -1"):
        result.get(timeout=30)
    line = (
        f"ERROR/ForkPoolWorker-1] Task {copied.refund.name}[{result.id}] "
        "raised unexpected: ValueError('no order -1')"
    )
    worker.wait_for_log(line)
    log = worker.output()
    assert "Traceback (most recent call last)" in log.split(line)[1]
    assert "failed: ValueError" not in log  # no alert line, from either logger
