"""The workers the tests start are the workers readers run.

A flag that makes a test worker faster (no heartbeats, no gossip, no mingle)
also makes it unlike a reader's: a snippet could pass here and hang there.
"""

import re
from pathlib import Path

from tests.support.worker_process import (
    WORKER_HARNESS_ARGS,
    WORKER_HARNESS_ARGS_WHY,
    WORKER_HARNESS_ENV,
    WORKER_HARNESS_ENV_WHY,
)

ROOT = Path(__file__).resolve().parents[1]
WORKER_SWITCHES = re.compile(r"--without-(?:heartbeat|gossip|mingle)|--purge|-O\b")


def test_every_harness_argument_has_a_reason():
    for args, why in WORKER_HARNESS_ARGS_WHY.items():
        assert args.split(), "an empty entry"
        assert len(why.split()) >= 4, f"{args!r} needs a reason a reader understands"
    assert [
        a for args in WORKER_HARNESS_ARGS_WHY for a in args.split()
    ] == WORKER_HARNESS_ARGS


def test_no_harness_argument_changes_how_a_worker_runs_tasks():
    for arg in WORKER_HARNESS_ARGS:
        assert not WORKER_SWITCHES.fullmatch(arg), arg


def test_no_test_adds_worker_switches_of_its_own():
    """Outside the one list, no test starts a worker without heartbeats, gossip or
    mingle; a page that teaches such a switch says so and its test names it."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == "test_worker_harness.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"--without-(?:heartbeat|gossip|mingle)", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_harness_variable_has_a_reason_and_none_is_celerys():
    for entry, why in WORKER_HARNESS_ENV_WHY.items():
        assert len(why.split()) >= 4, f"{entry!r} needs a reason a reader understands"
    assert set(WORKER_HARNESS_ENV) == {"PYTHONUNBUFFERED"}
    assert not any(name.startswith("CELERY") for name in WORKER_HARNESS_ENV)
