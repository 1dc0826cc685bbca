"""The page's log excerpt and what it says of Celery's log format and logging."""

import logging
import re
from pathlib import Path

from celery import Celery

from tests.task_logger.shapes import PLAIN_LINE, task_line

PAGE = Path(__file__).resolve().parents[2] / "docs/observability/task-logger.md"


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
