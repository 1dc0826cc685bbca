"""Where rdb's "Ready to connect" line goes depends on when celery.contrib.rdb
is imported, and its port on the pool process's number, which grows as pool
processes are replaced."""

import re
import socket
import types
from pathlib import Path

import pytest

from tests.support.ports import base_port_for_one_pool_process
from tests.support.snippets import folder_of, snippet

tasks = snippet("rdb")

TOP_IMPORT = "from celery.contrib import rdb\n"
IN_THE_TASK = "    from celery.contrib import rdb\n\n    rdb.set_trace()\n"


def read_until(sock, marker):
    data = b""
    while not data.endswith(marker):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode()


def banner(worker, port):
    """The worker's log line that gives ``port``, once it is there."""
    text = f"Ready to connect: telnet 127.0.0.1 {port}"
    worker.wait_for_log(text, timeout=30)
    return next(x for x in worker.output().splitlines() if text in x)


def continue_on(port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as debugger:
        debugger.settimeout(10)
        assert "apply_discount()" in read_until(debugger, b"(Pdb) ")
        debugger.sendall(b"c\n")


def test_the_snippet_imports_rdb_at_the_top():
    source = Path(folder_of(tasks) / "tasks.py").read_text()
    assert source.count(TOP_IMPORT) == 1
    assert "    rdb.set_trace()\n" in source


@pytest.mark.worker
def test_imported_at_the_top_the_line_is_printed_not_logged(real_worker):
    base = base_port_for_one_pool_process()
    worker = real_worker(tasks.app, tasks, env={"CELERY_RDB_PORT": str(base)})
    result = tasks.apply_discount.delay(12_000, 15)
    line = banner(worker, base + 1)
    assert (
        line
        == f"Remote Debugger:{base + 1}: Ready to connect: telnet 127.0.0.1 {base + 1}"
    )
    continue_on(base + 1)
    assert result.get(timeout=10) == 10_200


@pytest.mark.worker
def test_imported_in_the_task_it_is_logged_and_a_new_process_takes_the_next_port(
    real_worker, tmp_path
):
    # The snippet, with rdb imported inside the task instead.
    folder = tmp_path / "imported_in_the_task"
    folder.mkdir()
    source = Path(folder_of(tasks) / "tasks.py").read_text()
    source = source.replace(TOP_IMPORT, "").replace(
        "    rdb.set_trace()\n", IN_THE_TASK
    )
    (folder / "tasks.py").write_text(source)
    module = types.ModuleType("tasks")
    base = base_port_for_one_pool_process()
    worker = real_worker(
        tasks.app,
        module,
        pythonpath=[folder],
        # One task per pool process: the next task gets a new pool process.
        extra_args=["--max-tasks-per-child", "1"],
        # No PYTHONUNBUFFERED: the log does not need it.
        env={"CELERY_RDB_PORT": str(base), "PYTHONUNBUFFERED": ""},
    )
    for number in (1, 2):  # ForkPoolWorker-1, then its replacement -2
        result = tasks.apply_discount.delay(12_000, 15)
        line = banner(worker, base + number)
        assert re.search(rf": WARNING/ForkPoolWorker-{number}\] Remote Debugger", line)
        continue_on(base + number)
        assert result.get(timeout=10) == 10_200
