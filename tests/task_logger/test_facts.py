"""The page's log excerpt and what it says of Celery's log format and logging."""

import logging
import re
from pathlib import Path
from types import ModuleType

import pytest
from celery import Celery
from celery.app.log import TaskFormatter
from celery.bin.worker import worker as worker_command

from tests.support.snippets import folder_of, snippet
from tests.task_logger.shapes import PLAIN_LINE, UUID, task_line

PAGE = Path(__file__).resolve().parents[2] / "docs/observability/task-logger.md"
tasks = snippet("task_logger")


def test_the_pages_excerpt_has_the_shape_of_the_workers_lines():
    [block] = re.findall(r"```text\n(.*?)```", PAGE.read_text(), re.S)
    task, plain = block.splitlines()
    assert task_line().fullmatch(task)
    assert PLAIN_LINE.fullmatch(plain)


def test_the_default_task_log_format_adds_the_name_and_id():
    assert Celery().conf.worker_task_log_format == (
        "[%(asctime)s: %(levelname)s/%(processName)s] "
        "%(task_name)s[%(task_id)s]: %(message)s"
    )


def test_arguments_are_not_formatted_when_the_level_is_off():
    class Loud:
        formatted = False

        def __str__(self):
            Loud.formatted = True
            return "loud"

    logger = logging.getLogger("task_logger.facts")
    logger.setLevel(logging.WARNING)
    logger.info("Adds %s", Loud())
    assert Loud.formatted is False


def test_arguments_are_still_evaluated_at_the_call_unless_guarded():
    calls = []

    def expensive():
        calls.append("called")
        return "summary"

    logger = logging.getLogger("task_logger.facts")
    logger.setLevel(logging.INFO)
    logger.debug("Totals: %s", expensive())
    assert calls == ["called"]  # evaluated, though DEBUG is off
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("Totals: %s", expensive())
    assert calls == ["called"]


def test_outside_a_task_the_task_format_shows_question_marks():
    formatter = TaskFormatter(Celery().conf.worker_task_log_format)
    record = logging.LogRecord(
        tasks.logger.name, logging.INFO, __file__, 1, "Adds %s + %s", (4, 5), None
    )
    assert formatter.format(record).endswith("] ???[???]: Adds 4 + 5")


def test_the_worker_logs_at_warning_unless_told_and_the_page_says_info():
    [loglevel] = [p for p in worker_command.params if p.name == "loglevel"]
    assert loglevel.default == "WARNING"
    commands = re.findall(r"```sh\n(.*?)```", PAGE.read_text(), re.S)
    assert "celery -A tasks worker -l INFO\n" in commands


# A project that sets up logging itself, as Django's LOGGING or a dictConfig
# does, through Celery's setup_logging signal.
OWN_LOGGING = """\
import logging
import sys

from celery.app.log import TaskFormatter
from celery.signals import setup_logging

from tasks import app


@setup_logging.connect
def own_logging(**_):
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter({formatter})
    logging.basicConfig(level=logging.INFO, handlers=[handler])
"""


@pytest.mark.worker
@pytest.mark.parametrize(
    ("formatter", "shape"),
    [
        ('logging.Formatter("%(levelname)s %(message)s")', "INFO Adds 4 \\+ 5"),
        (
            'TaskFormatter("%(levelname)s %(task_name)s[%(task_id)s]: %(message)s")',
            rf"INFO tasks\.add\[{UUID}\]: Adds 4 \+ 5",
        ),
    ],
    ids=["plain formatter", "TaskFormatter"],
)
def test_with_its_own_logging_only_taskformatter_names_the_run(
    real_worker, tmp_path, formatter, shape
):
    (tmp_path / "own_logging.py").write_text(OWN_LOGGING.format(formatter=formatter))
    worker = real_worker(
        tasks.app, ModuleType("own_logging"), pythonpath=[folder_of(tasks)]
    )
    task_id = tasks.add.delay(4, 5).id
    worker.wait_for_log(f"[{task_id}] succeeded")
    [line] = [x for x in worker.output().splitlines() if "Adds 4 + 5" in x]
    assert re.fullmatch(shape, line), line
    assert (task_id in line) is formatter.startswith("TaskFormatter")
