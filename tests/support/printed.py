"""Check the ``# -> value`` comments of a snippet against what it really prints."""

from __future__ import annotations

import inspect
import re

ARROW = re.compile(r"#\s*->\s*(.+?)\s*$")


def commented_outputs(func) -> list[str]:
    return [
        m.group(1) for m in map(ARROW.search, inspect.getsource(func).splitlines()) if m
    ]


def assert_prints_as_commented(func, capsys) -> None:
    capsys.readouterr()
    func()
    printed = capsys.readouterr().out.splitlines()
    expected = commented_outputs(func)
    assert expected, f"{func.__qualname__} has no '# -> value' comments"
    assert printed == expected
