"""Find options given to ``@app.task(...)`` / ``@shared_task(...)`` that Celery ignores.

Celery accepts any keyword in the task decorator without a word: the 2017
checklist's ``retry_limit=4`` and ``task_time_limit=60`` did nothing. The real
options are the Task class attributes plus the few the decorator consumes.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import celery.app.autoretry
import celery.app.base
from celery.app.task import Task

# Task attributes that are machinery, not options.
_NOT_OPTIONS = {
    "Request",
    "Strategy",
    "app",
    "request_stack",
    "from_config",
    "abstract",
}


def known_task_options() -> frozenset[str]:
    attributes = {
        name
        for klass in Task.__mro__
        for name, value in vars(klass).items()
        if not name.startswith("_")
        and not callable(value)
        and not isinstance(value, (classmethod, staticmethod, property))
    }
    decorator = set(inspect.signature(celery.app.base.Celery._task_from_fun).parameters)
    autoretry = set(
        re.findall(
            r"options\.get\(\s*['\"](\w+)", inspect.getsource(celery.app.autoretry)
        )
    )
    extras = {"shared", "lazy", "filter"}
    return frozenset(
        (attributes - _NOT_OPTIONS)
        | (decorator - {"self", "fun", "options"})
        | autoretry
        | extras
    )


def _is_task_decorator(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in {"task", "shared_task"}


def unknown_task_options(source: str, known: frozenset[str]) -> list[tuple[int, str]]:
    """(line, option) for every decorator keyword Celery would silently ignore."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                if _is_task_decorator(decorator):
                    found += [
                        (kw.lineno, kw.arg)
                        for kw in decorator.keywords
                        if kw.arg is not None and kw.arg not in known
                    ]
    return found


def scan(paths: list[Path]) -> list[str]:
    known = known_task_options()
    return [
        f"{path}:{line}: {option!r} is not a Celery task option"
        for path in paths
        for line, option in unknown_task_options(
            path.read_text(encoding="utf-8"), known
        )
    ]
