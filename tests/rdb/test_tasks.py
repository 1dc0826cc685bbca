import re
import socket
import time

import pytest

from tests.support.ports import base_port_for_one_pool_process
from tests.support.snippets import snippet

tasks = snippet("rdb")


def read_until(sock, marker, timeout=10):
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(marker):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {marker!r} after {data!r}")
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode()


@pytest.mark.worker
def test_a_debugger_session_over_tcp(real_worker):
    base = base_port_for_one_pool_process()
    worker = real_worker(tasks.app, tasks, env={"CELERY_RDB_PORT": str(base)})
    result = tasks.apply_discount.delay(12_000, 15)
    worker.wait_for_log("Ready to connect")
    # Each pool process listens on the base port plus its index, or the next
    # free port: read the one this task got from the log.
    port = int(
        re.search(r"Ready to connect: telnet 127.0.0.1 (\d+)", worker.output())[1]
    )
    assert port == base + 1  # ForkPoolWorker-1, the only pool process
    time.sleep(1)
    assert not result.ready()  # the task waits for a client
    with socket.create_connection(("127.0.0.1", port), timeout=10) as debugger:
        where = read_until(debugger, b"(Pdb) ")
        assert "tasks.py(19)apply_discount()" in where  # the line the page shows
        assert "-> return total_cents - discount" in where
        debugger.sendall(b"p discount\n")
        assert read_until(debugger, b"(Pdb) ").splitlines()[0] == "1800"
        debugger.sendall(b"p total_cents - discount\n")
        assert read_until(debugger, b"(Pdb) ").splitlines()[0] == "10200"
        debugger.sendall(b"c\n")
    assert result.get(timeout=10) == 10_200
    worker.wait_for_log(f"[{result.id}] succeeded")


def test_without_a_worker_the_task_still_computes_the_price(monkeypatch):
    monkeypatch.setattr(tasks.rdb, "set_trace", lambda: None)
    assert tasks.apply_discount(12_000, 15) == 10_200
