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
