import io
import logging

import pytest
from celery.app.log import TaskFormatter

from tests.support.snippets import snippet
from tests.task_logger.shapes import task_line

tasks = snippet("task_logger")


def test_the_logger_is_a_task_logger():
    assert tasks.logger.parent is logging.getLogger("celery.task")


def test_records_carry_the_task_name_and_id(eager, messages_of):
    eager(tasks.app)
    messages_of(tasks.logger)  # listen at INFO, whatever ran before
    # The handler a worker puts on task loggers formats with TaskFormatter,
    # which reads the running task's name and id when the record is emitted.
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(TaskFormatter(tasks.app.conf.worker_task_log_format))
    tasks.logger.addHandler(handler)
    try:
        tasks.add.apply((4, 5), task_id="run-1")
    finally:
        tasks.logger.removeHandler(handler)
    assert messages_of(tasks.logger) == ["Adds 4 + 5"]
    assert lines.getvalue().endswith(f"{tasks.add.name}[run-1]: Adds 4 + 5\n")


def test_eagerly_a_plain_formatter_leaves_the_name_and_id_out(eager):
    eager(tasks.app)
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    tasks.logger.addHandler(handler)
    level = tasks.logger.level
    tasks.logger.setLevel(logging.INFO)
    try:
        tasks.add.apply((4, 5), task_id="run-2")
    finally:
        tasks.logger.removeHandler(handler)
        tasks.logger.setLevel(level)
    assert lines.getvalue() == "INFO Adds 4 + 5\n"


@pytest.mark.worker
def test_a_worker_logs_the_task_name_and_id(real_worker):
    worker = real_worker(tasks.app, tasks)
    task_id = tasks.add.delay(4, 5).id
    worker.wait_for_log(f"[{task_id}] succeeded")
    [line] = [x for x in worker.output().splitlines() if "Adds 4 + 5" in x]
    assert task_line(task_id).fullmatch(line), line
