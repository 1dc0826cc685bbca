"""How long a run stopped at its hard limit has for its ``finally``."""

import inspect

from billiard.pool import TimeoutHandler


def test_a_process_past_its_hard_limit_gets_a_tenth_of_a_second_then_sigkill():
    # billiard's pool: SIGTERM, a wait of 0.1 s for the process to exit, then
    # SIGKILL. A finally that takes longer loses the lock like a killed run.
    source = inspect.getsource(TimeoutHandler._trywaitkill)
    term, wait, kill = (
        source.index("signal.SIGTERM"),
        source.index("wait(timeout=0.1)"),
        source.index("SIGKILL)"),
    )
    assert term < wait < kill
