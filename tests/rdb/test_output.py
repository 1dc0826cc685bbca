"""Where rdb's "Ready to connect" line goes: a print to the worker's standard
output, which Python buffers when that is not a terminal. The page's command
sets PYTHONUNBUFFERED=1; without it, and with the output in a file (as under
Docker without a TTY, systemd or supervisor), the port listens and the line
never reaches the log."""

import re
import shlex
import socket
import sys
import time
from pathlib import Path

import pytest

from tests.support.apps import configured
from tests.support.ports import base_port_for_one_pool_process
from tests.support.processes import logged_process, readers_environment
from tests.support.snippets import folder_of, snippet

tasks = snippet("rdb")
PAGE = Path(__file__).parents[2] / "docs/testing-and-debugging/rdb.md"


def page_command():
    """The page's worker command: (environment, arguments after the program)."""
    for block in re.findall(r"```sh\n(.*?)```", PAGE.read_text(), re.DOTALL):
        args = shlex.split(block.strip())
        if "celery" in args and "worker" in args:
            program = args.index("celery")
            env = dict(arg.split("=", 1) for arg in args[:program])
            return env, args[program + 1 :]
    raise AssertionError("no worker command on the page")


def test_the_pages_command_writes_straight_to_the_log_with_one_pool_process():
    env, args = page_command()
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["CELERY_RDB_PORT"] == "6899"
    assert args[:3] == ["-A", "tasks", "worker"]
    assert args[args.index("-c") + 1] == "1"  # one pool process: port 6900


def read_until(sock, marker, timeout=10):
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(marker):
        assert time.monotonic() < deadline, data
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode()


def connect(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, "the worker exited"
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except ConnectionRefusedError:
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.1)


@pytest.mark.worker
def test_without_pythonunbuffered_the_line_stays_in_a_buffer(clean_redis, tmp_path):
    env, args = page_command()
    env.pop("PYTHONUNBUFFERED", None)
    base = base_port_for_one_pool_process()
    env["CELERY_RDB_PORT"] = str(base)
    log = tmp_path / "worker.log"
    environment = readers_environment(PYTHONPATH=str(folder_of(tasks)), **env)
    environment.pop("PYTHONUNBUFFERED", None)
    command = [sys.executable, "-m", "celery", "-b", clean_redis]
    command += ["--result-backend", clean_redis, *args]
    with logged_process(command, tmp_path, log, environment) as worker:
        with configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis):
            result = tasks.apply_discount.delay(12_000, 15)
            with connect(base + 1, worker) as debugger:
                # The prompt comes after the banner was printed.
                assert "apply_discount()" in read_until(debugger, b"(Pdb) ")
                assert "Ready to connect" not in log.read_text()
                debugger.sendall(b"c\n")
            assert result.get(timeout=20) == 10_200
        time.sleep(1)
        assert "Ready to connect" not in log.read_text()
        assert f"[{result.id}] succeeded" in log.read_text()
