"""Stop a child started with ``start_new_session=True``, and everything it forked."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def signal_group(process: subprocess.Popen, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


@contextmanager
def logged_process(
    command: list[str], cwd: Path, log: Path, env: dict[str, str]
) -> Iterator[subprocess.Popen]:
    """``command`` in a process group of its own, its output in ``log``; the
    group is killed when the block ends, whatever happened."""
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    try:
        yield process
    finally:
        signal_group(process, signal.SIGKILL)
        process.wait()


def stop_process_group(process: subprocess.Popen, grace: float = 10) -> None:
    """SIGTERM the group, wait up to ``grace`` seconds, then SIGKILL what is left."""
    signal_group(process, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    signal_group(process, signal.SIGKILL)  # children that outlived their parent
    process.wait()


def readers_environment(**extra: str) -> dict[str, str]:
    """This process's environment as a reader's shell would have it: the tests'
    Django settings module would make Celery's Django fixup look for ``tests``."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return {**env, **extra}


def run_as_reader(
    args: list[str], folder: str | os.PathLike, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess:
    """``args`` run to the end in ``folder``, with the reader's environment
    (plus ``env``), output captured as text."""
    return subprocess.run(
        args,
        cwd=folder,
        env=readers_environment(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
