"""Test-only Celery apps that a real worker imports, as it imports a snippet.

A probe module beside an item's tests (``tests/<item>/<name>.py``) holds tasks
that exist only to show how Celery behaves. It is loaded under its plain name,
so ``worker_process`` runs it as ``celery -A <name> worker`` from its folder.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from tests.support.snippets import tasks_kept_to_their_apps

_loaded: dict[Path, ModuleType] = {}


def probe(path: Path) -> ModuleType:
    """The module at ``path``, imported under its plain name, once per process
    (a second app of the same name would register its tasks twice)."""
    if path not in _loaded:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        with tasks_kept_to_their_apps():
            spec.loader.exec_module(module)
        _loaded[path] = module
    return _loaded[path]


@contextmanager
def registered(module: ModuleType) -> Iterator[ModuleType]:
    """``module`` in ``sys.modules`` under its plain name while the block runs:
    results that name its exceptions are read back as those classes."""
    saved = sys.modules.get(module.__name__)
    sys.modules[module.__name__] = module
    try:
        yield module
    finally:
        if saved is None:
            sys.modules.pop(module.__name__, None)
        else:
            sys.modules[module.__name__] = saved
