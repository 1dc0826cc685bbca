"""Ports for servers a test starts on a number it must know in advance."""

import os
import socket


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def base_port_for_one_pool_process() -> int:
    """A base port whose next port (the first pool process's) is free too.

    Below Linux's ephemeral range (32768 and up), where the servers and sockets
    other tests open on port 0 never land, so the next port stays free; a band
    of its own for each parallel test process."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    start = 20_000 + 500 * worker
    for base in range(start, start + 499):
        if _free(base) and _free(base + 1):
            return base
    raise RuntimeError(f"no two free ports in {start}-{start + 499}")
