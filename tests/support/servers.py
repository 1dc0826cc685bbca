"""Where the tests find the real servers' programs.

The servers themselves are started by the pytest-redis, pytest-postgresql and
pytest-rabbitmq process fixtures (tests/conftest.py); this module only says
which binary each one runs, the same way tools/system_packages.sh looks.
"""

from __future__ import annotations

import glob
import os
import shutil


def find_pg_ctl() -> str | None:
    """``pg_ctl`` from ``PG_CTL``, PATH, or Debian's versioned directory."""
    explicit = os.environ.get("PG_CTL")
    if explicit:
        return explicit
    found = shutil.which("pg_ctl")
    if found:
        return found
    # Debian keeps the server programs off PATH, one directory per major release.
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return versions[0] if versions else None
