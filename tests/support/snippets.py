"""Import a snippet folder the way a reader's project has it: as top-level modules.

Each folder under ``snippets/`` is what a reader pastes into one empty folder,
so its files import each other by plain name (``from tasks import app``) and
Celery names their tasks ``tasks.add``, as it will in the reader's project. Many
folders have a ``tasks.py``: while one folder imports, its files are the only
ones under their plain names, and each folder's modules are kept apart after.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from celery import _state

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"
_loaded: dict[Path, dict[str, ModuleType]] = {}


def snippet_folder(item: str) -> Path:
    folder = SNIPPETS / item
    if not folder.is_dir():
        raise LookupError(f"no snippet folder {folder}")
    return folder


def folder_of(module: ModuleType) -> Path:
    """The snippet folder a module loaded by ``snippet()`` came from."""
    return Path(module.__file__).parent


def _file_of(module: ModuleType) -> Path:
    return Path(getattr(module, "__file__", None) or "/")


@contextmanager
def tasks_kept_to_their_apps() -> Iterator[None]:
    """Tasks defined in the block stay with the apps defined in it.

    `@app.task` also offers the task to every app finalized later in the
    process (Celery's shared tasks): another folder's app would take this
    folder's `tasks.send_invoice` in place of its own, and a check of its
    options would see it. A reader's process has one folder.
    """
    shared_before = set(_state._on_app_finalizers)
    try:
        yield
    finally:
        _state._on_app_finalizers.intersection_update(shared_before)


def snippet(item: str, name: str = "tasks") -> ModuleType:
    """Module ``name`` of ``snippets/<item>/``, imported as ``name``, once.

    Once per process: a second call returns the same module.
    """
    folder = snippet_folder(item)
    modules = _loaded.setdefault(folder, {})
    if name in modules:
        return modules[name]
    plain_names = {path.stem for path in folder.glob("*.py")}
    others = {n: sys.modules.pop(n) for n in plain_names if n in sys.modules}
    sys.modules.update(modules)
    sys.path.insert(0, str(folder))
    try:
        with tasks_kept_to_their_apps():
            importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
        for plain_name in plain_names:
            module = sys.modules.pop(plain_name, None)
            if module is not None and folder_of(module) == folder:
                modules[plain_name] = module
        sys.modules.update(others)
    return modules[name]


@contextmanager
def imported_as_plain_names(item: str) -> Iterator[None]:
    """While the block runs, ``sys.modules`` has the folder's modules under their
    plain names, as a reader's process does: Celery finds an exception class
    stored by a worker (``tasks.TryAgainLater``) in ``sys.modules``."""
    folder = snippet_folder(item)
    modules = _loaded.get(folder, {})
    others = {name: sys.modules[name] for name in modules if name in sys.modules}
    for name, other in others.items():
        # A second copy of the folder's module, imported by plain name outside
        # snippet(), brings a second set of tasks and exception classes: a
        # worker would run one and the results name the other.
        if other is not modules[name] and _file_of(other).parent == folder:
            raise RuntimeError(
                f"{folder.name}/{name}.py was imported a second time outside "
                "snippet(): load snippet modules with snippet() only"
            )
    sys.modules.update(modules)
    try:
        yield
    finally:
        for name in modules:
            sys.modules.pop(name, None)
        sys.modules.update(others)
