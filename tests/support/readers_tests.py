"""Run a snippet that is itself a pytest module, the way a reader would."""

import subprocess
import sys


def run_readers_tests(path: str) -> tuple[int, str]:
    """``(exit status, output)`` of ``pytest path`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", path, "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stdout
