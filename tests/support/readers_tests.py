"""Run a snippet that is itself a pytest module, the way a reader would: its
folder's files copied into an empty folder of their own, and pytest run there."""

import shutil
import sys
from pathlib import Path

from tests.support.processes import run_as_reader

ROOT = Path(__file__).resolve().parents[2]


def run_readers_tests(path: str, workdir: Path) -> tuple[int, str]:
    """``(exit status, output)`` of ``pytest <file>`` in a fresh process, in
    ``workdir`` holding a copy of the snippet's folder (no project config)."""
    snippet = ROOT / path
    for source in snippet.parent.glob("*.py"):
        if source.name != "__init__.py":
            shutil.copy(source, workdir / source.name)
    return pytest_in(workdir, snippet.name)


def pytest_in(folder: Path, *args: str) -> tuple[int, str]:
    """``(exit status, output)`` of ``pytest *args`` run in ``folder`` in a fresh
    process, with the reader's environment and no project config."""
    # A reader's pytest has none of this project's plugins that change order.
    no_plugins = ["-p", "no:cacheprovider", "-p", "no:randomly"]
    command = [sys.executable, "-m", "pytest", "-q", *no_plugins, *args]
    done = run_as_reader(command, folder)
    return done.returncode, done.stdout
