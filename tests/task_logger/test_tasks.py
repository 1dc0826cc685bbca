import io
import logging
from contextlib import contextmanager

import pytest
from celery.app.log import TaskFormatter

from tests.support.snippets import snippet
from tests.task_logger.shapes import task_line

tasks = snippet("task_logger")


def test_the_logger_is_a_task_logger():
    assert tasks.logger.parent is logging.getLogger("celery.task")


@contextmanager
def celery_task_handler(formatter):
    """A handler on the "celery.task" logger, where the worker puts its own,
    at INFO: what reaches it is what the worker formats with its task format.
    The snippet's logger is left to propagate to it, whatever ran before."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(formatter)
    parent = logging.getLogger("celery.task")
    saved = parent.level, tasks.logger.level, tasks.logger.propagate
    parent.addHandler(handler)
    parent.setLevel(logging.INFO)
    tasks.logger.setLevel(logging.NOTSET)
    tasks.logger.propagate = True
    try:
        yield lines
    finally:
        parent.removeHandler(handler)
        parent.setLevel(saved[0])
        tasks.logger.setLevel(saved[1])
        tasks.logger.propagate = saved[2]


def test_records_carry_the_task_name_and_id(eager):
    eager(tasks.app)
    # The worker's handler formats with TaskFormatter, which reads the running
    # task's name and id when the record is emitted.
    formatter = TaskFormatter(tasks.app.conf.worker_task_log_format)
    with celery_task_handler(formatter) as lines:
        tasks.add.apply((4, 5), task_id="run-1")
    assert lines.getvalue().endswith(f"{tasks.add.name}[run-1]: Adds 4 + 5\n")


def test_eagerly_a_plain_formatter_leaves_the_name_and_id_out(eager):
    eager(tasks.app)
    with celery_task_handler(logging.Formatter("%(levelname)s %(message)s")) as lines:
        tasks.add.apply((4, 5), task_id="run-2")
    assert lines.getvalue() == "INFO Adds 4 + 5\n"


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_the_message_keeps_its_template_and_its_values_apart(eager):
    eager(tasks.app)
    kept = Kept()
    with celery_task_handler(logging.Formatter()):
        logging.getLogger("celery.task").addHandler(kept)
        try:
            tasks.add.apply((4, 5))
        finally:
            logging.getLogger("celery.task").removeHandler(kept)
    [record] = kept.records
    # What a handler that ships records as data (JSON, an error tracker's
    # logging integration) can group by; an f-string leaves only the text.
    assert (record.msg, record.args) == ("Adds %s + %s", (4, 5))


@pytest.mark.worker
def test_a_worker_logs_the_task_name_and_id(real_worker):
    worker = real_worker(tasks.app, tasks)
    task_id = tasks.add.delay(4, 5).id
    worker.wait_for_log(f"[{task_id}] succeeded")
    [line] = [x for x in worker.output().splitlines() if "Adds 4 + 5" in x]
    assert task_line(task_id).fullmatch(line), line
