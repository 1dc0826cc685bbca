"""The shape of the worker's log lines, as the page's excerpt shows them."""

import re

PREFIX = r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}: INFO/ForkPoolWorker-\d+\] "
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def task_line(task_id: str = UUID) -> re.Pattern:
    return re.compile(PREFIX + rf"tasks\.add\[{task_id}\]: Adds 4 \+ 5")


PLAIN_LINE = re.compile(PREFIX + r"Adds 4 \+ 5")
