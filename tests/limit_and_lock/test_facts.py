"""How long a run stopped at its hard limit has for its ``finally``, and the
signal it gets."""

import inspect
import subprocess
import sys

from billiard.pool import TimeoutHandler
from billiard.popen_fork import Popen


def test_a_process_past_its_hard_limit_gets_a_tenth_of_a_second_then_sigkill():
    # billiard's pool: terminate() (TERM_SIGNAL), a wait of 0.1 s for the
    # process to exit, then SIGKILL. A finally that takes longer loses the lock
    # like a killed run. The branch pool processes take: they lead no process
    # group of their own (the other branch signals a whole group).
    source = inspect.getsource(TimeoutHandler._trywaitkill)
    term, wait, kill = (
        source.index("worker.terminate()"),
        source.index("wait(timeout=0.1)"),
        source.index("_kill(worker.pid, SIGKILL)"),
    )
    assert term < wait < kill
    assert "os.kill(self.pid, TERM_SIGNAL)" in inspect.getsource(Popen.terminate)


def term_signal(**env: str) -> str:
    code = "from billiard.common import TERM_SIGNAME; print(TERM_SIGNAME)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    ).stdout.strip()


def test_the_signal_is_sigterm_unless_remap_sigterm_names_another():
    assert term_signal() == "SIGTERM"
    assert term_signal(REMAP_SIGTERM="SIGQUIT") == "SIGQUIT"
