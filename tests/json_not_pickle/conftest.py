"""A harmless stand-in for an attacker's pickle: it records that it ran."""

import pytest

EXECUTED = []


def run_on_load(marker):
    EXECUTED.append(marker)
    return marker


class Payload:
    # pickle calls run_on_load("...") while loading the message: code execution.
    def __reduce__(self):
        return (run_on_load, ("code ran inside the worker",))


@pytest.fixture
def executed():
    EXECUTED.clear()
    yield EXECUTED
    EXECUTED.clear()
