"""Snippet folders share plain module names (many have a ``tasks.py``), as
readers' projects do: the harness keeps each folder's modules to its own tests."""

import sys
from types import ModuleType

import pytest

from tests.support.snippets import imported_as_plain_names, snippet, snippet_folder


def test_a_second_copy_of_a_snippet_module_is_refused(monkeypatch):
    """A plain-named snippet module imported outside snippet() (as the diagram
    tool once did) is a second set of tasks: the harness stops the test."""
    snippet("five_minutes")
    stray = ModuleType("tasks")
    stray.__file__ = str(snippet_folder("five_minutes") / "tasks.py")
    monkeypatch.setitem(sys.modules, "tasks", stray)
    with (
        pytest.raises(RuntimeError, match="imported a second time"),
        imported_as_plain_names("five_minutes"),
    ):
        pass
