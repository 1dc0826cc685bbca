"""A real ``celery worker`` process (prefork pool unless told) for a snippet's app.

Time limits, late acks, worker crashes and queues need this: eager mode and the
in-process solo worker do not enforce or have them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from types import ModuleType

from celery import Celery

from tests.support.apps import configured
from tests.support.processes import logged_process, readers_environment, signal_group
from tests.support.snippets import folder_of

_names = count(1)

# Every argument the tests add to a reader's `celery worker` command, with its
# reason. Nothing here may change how a task runs or is delivered:
# tests/test_worker_harness.py refuses an argument without a reason here, and
# any --without-* switch (heartbeats, gossip and mingle stay as readers have them).
WORKER_HARNESS_ARGS_WHY = {
    "-l INFO": "the tests read 'ready.', 'Received task' and task logs from the log",
}
WORKER_HARNESS_ARGS = [arg for args in WORKER_HARNESS_ARGS_WHY for arg in args.split()]
# The same for the environment the tests add to the reader's.
WORKER_HARNESS_ENV_WHY = {
    "PYTHONUNBUFFERED=1": "a reader's worker writes to a terminal, where Python "
    "sends each line at once; the test's log is a file, which Python would "
    "otherwise fill in blocks (rdb's banner would arrive late)",
}
WORKER_HARNESS_ENV = dict(entry.split("=", 1) for entry in WORKER_HARNESS_ENV_WHY)


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log: Path
    hostname: str

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as an OOM killer would."""
        signal_group(self.process, signal.SIGKILL)
        self.process.wait()

    def pause_pool(self) -> None:
        """SIGSTOP the worker's pool processes: a task they run stops where it
        is, burning no CPU, and the worker stays busy with it for as long as the
        test needs (the worker is killed after)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for child in children:
            os.kill(int(child), signal.SIGSTOP)

    @property
    def node_name(self) -> str:
        """The name the worker answers remote control by: its -n, %h filled in."""
        return self.hostname.replace("%h", socket.gethostname())

    def wait_until_controllable(self, app: Celery, timeout: float = 30) -> None:
        """Wait until the worker answers a ping. " ready." is logged before its
        remote-control consumer listens (a green pool starts it in a green
        thread afterwards), and a broadcast sent before then is lost."""
        name = self.node_name
        deadline = time.monotonic() + timeout
        while not app.control.ping(destination=[name], timeout=0.5, limit=1):
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.output()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} never answered a ping:\n{self.output()}")

    def wait_for_log(self, text: str, timeout: float = 20) -> None:
        self.wait_for_log_count(text, 1, timeout)

    def wait_for_log_count(self, text: str, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.output().count(text) < count:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.output()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {text!r} in worker log:\n{self.output()}")
            time.sleep(0.05)


def _app_module(module: str, settings: dict, workdir: Path) -> str:
    """A module that imports the snippet's app and applies test-only settings.

    The snippet file itself is never edited: settings such as a short Redis
    visibility_timeout are added on top, the way a project's own config would.
    """
    if not settings:
        return module
    name = f"worker_app_{next(_names)}"
    (workdir / f"{name}.py").write_text(
        "import json\n"
        f"from {module} import app\n"
        f"app.conf.update(json.loads({json.dumps(json.dumps(settings))}))\n"
    )
    return f"{name}:app"


@contextmanager
def worker_process(
    app_module: ModuleType,
    broker_url: str,
    workdir: Path,
    *,
    queues: list[str] | None = None,
    pool: str = "prefork",
    concurrency: int = 1,
    settings: dict | None = None,
    extra_args: list[str] | None = None,
    env: dict | None = None,
    pythonpath: list[Path] | None = None,
    result_backend: str | None = None,
) -> Iterator[WorkerProcess]:
    """Start ``celery -A tasks worker -P <pool>`` and stop it when the block ends.

    ``app_module`` is a snippet module with an ``app`` (from ``snippet()``): the
    worker imports it by its plain name from the snippet's folder, as a reader
    runs it from theirs. ``settings`` are applied on top of the snippet's own
    configuration; results go to ``result_backend`` (default: the broker, which
    must then be Redis). The worker runs with Celery's defaults (heartbeats,
    gossip, mingle) plus ``WORKER_HARNESS_ARGS``. ``pythonpath`` replaces the
    snippet's folder on the path, for an app inside a package (a Django
    project). It gets its own process group, which is killed on the way out
    whatever happened, so no worker outlives a test.
    """
    hostname = f"test{next(_names)}@%h"
    log = workdir / f"{hostname.split('@')[0]}.log"
    command = [
        *(sys.executable, "-m", "celery"),
        *("-A", _app_module(app_module.__name__, settings or {}, workdir)),
        *("-b", broker_url, "--result-backend", result_backend or broker_url),
        "worker",
        *("-P", pool, "-c", str(concurrency), "-n", hostname),
        *WORKER_HARNESS_ARGS,
        *(["-Q", ",".join(queues)] if queues else []),
        *(extra_args or []),
    ]
    folders = pythonpath or [folder_of(app_module)]
    pythonpath = os.pathsep.join(map(str, [workdir, *folders]))
    env = readers_environment(
        **{"PYTHONPATH": pythonpath, **WORKER_HARNESS_ENV, **(env or {})}
    )
    # Killed when the block ends: the test has seen what it came for (the tests
    # about shutdown signal the worker themselves), and a warm shutdown would
    # add 2.5 s a worker.
    with logged_process(command, workdir, log, env) as process:
        worker = WorkerProcess(process, log, hostname)
        worker.wait_for_log(" ready.", timeout=30)
        yield worker


@contextmanager
def snippet_worker(
    app: Celery, module: ModuleType, broker_url: str, workdir: Path, **options
) -> Iterator[WorkerProcess]:
    """A prefork worker for ``module``'s app, with ``app`` in this process
    sending to and reading from the same broker and result backend, once the
    worker answers remote control. Options as for ``worker_process``."""
    backend = options.get("result_backend") or broker_url
    with (
        configured(app, broker_url=broker_url, result_backend=backend),
        worker_process(module, broker_url, workdir, **options) as running,
    ):
        running.wait_until_controllable(app)
        yield running
