import io
import logging

import pytest

from tests.support.snippets import snippet
from tests.task_logger.shapes import PLAIN_LINE

plain_logger = snippet("task_logger", "plain_logger")


@pytest.mark.worker
def test_a_worker_logs_the_line_without_saying_which_run(real_worker):
    worker = real_worker(plain_logger.app, plain_logger)
    task_id = plain_logger.add.delay(4, 5).id
    worker.wait_for_log(f"[{task_id}] succeeded")
    [line] = [x for x in worker.output().splitlines() if "Adds 4 + 5" in x]
    assert task_id not in line
    assert plain_logger.add.name not in line
    assert PLAIN_LINE.fullmatch(line), line


def test_its_records_never_reach_the_celery_task_handler(eager):
    # Where the worker puts its task-format handler; a plain module logger is
    # no child of "celery.task", so its records pass it by.
    eager(plain_logger.app)
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    parent = logging.getLogger("celery.task")
    saved = parent.level, plain_logger.logger.level
    parent.addHandler(handler)
    parent.setLevel(logging.INFO)
    plain_logger.logger.setLevel(logging.INFO)
    try:
        plain_logger.add.apply((4, 5), task_id="run-3")
    finally:
        parent.removeHandler(handler)
        parent.setLevel(saved[0])
        plain_logger.logger.setLevel(saved[1])
    assert plain_logger.logger.parent is not parent
    assert lines.getvalue() == ""
