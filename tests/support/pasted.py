"""A page's Python blocks pasted into an empty folder, as a reader would, and run.

Each block goes into the file its title names (``orders/models.py`` makes a
package ``orders`` with an empty ``__init__.py``). Two blocks with the same
title are alternatives (a "Do this" and a "Not this" tab): the first of each
title makes the page's folder, and each later one replaces its namesake in a
folder of its own.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tests.support.copyable import Block
from tests.support.processes import readers_environment, run_as_reader

BIN = Path(sys.executable).parent
PYTEST_FILE = re.compile(r"test_.*\.py|.*_test\.py")
# Written only when the page shows no settings module of its own.
DJANGO_SETTINGS = "paste_test_settings"
# What a project's models usually lean on (a ForeignKey to User).
DJANGO_CONTRIB_APPS = ("django.contrib.contenttypes", "django.contrib.auth")


@dataclass(frozen=True)
class Folder:
    path: Path
    files: dict[str, Block]  # title -> block
    replaced: str | None = None  # the title this alternative replaces

    @property
    def modules(self) -> list[str]:
        """Dotted names of the pasted modules that are not test files."""
        return [_dotted(title) for title in self.files if title not in self.test_files]

    @property
    def test_files(self) -> list[str]:
        """The files pytest collects by default: ``test_*.py``, ``*_test.py``."""
        return [t for t in self.files if PYTEST_FILE.fullmatch(PurePosixPath(t).name)]

    @property
    def django_apps(self) -> list[str] | None:
        """The pasted app packages if the page's code is a Django app, else None."""
        models = [PurePosixPath(t) for t in self.files if t.endswith("models.py")]
        if not models:
            return None
        return sorted({".".join(m.parent.parts) for m in models if m.parent.parts})

    @property
    def django_settings(self) -> str:
        shown = [t for t in self.files if PurePosixPath(t).name == "settings.py"]
        return _dotted(shown[0]) if shown else DJANGO_SETTINGS


def _dotted(title: str) -> str:
    """``orders/models.py`` -> ``orders.models``; ``proj/__init__.py`` -> ``proj``."""
    parts = PurePosixPath(title).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def paste(blocks: list[Block], root: Path) -> list[Folder]:
    """Write the Python file blocks into ``root/page``, and each alternative into
    ``root/alternative-N``; returns the folders, the page's own first."""
    first: dict[str, Block] = {}
    alternatives: list[Block] = []
    for block in blocks:
        if block.title in first:
            alternatives.append(block)
        else:
            first[block.title] = block
    folders = [Folder(root / "page", first)]
    for number, block in enumerate(alternatives, 1):
        files = {**first, block.title: block}
        folders.append(Folder(root / f"alternative-{number}", files, block.title))
    for folder in folders:
        folder.path.mkdir(parents=True)
        _write(folder)
    return folders


def _write(folder: Folder) -> None:
    for title, block in folder.files.items():
        target = folder.path / title
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text + "\n", encoding="utf-8")
        for package in target.relative_to(folder.path).parents:
            if package.parts and not (folder.path / package / "__init__.py").exists():
                (folder.path / package / "__init__.py").write_text("")
    apps = folder.django_apps
    if apps is not None and folder.django_settings == DJANGO_SETTINGS:
        (folder.path / f"{DJANGO_SETTINGS}.py").write_text(
            textwrap.dedent(
                f"""\
                DEBUG = True
                SECRET_KEY = "only-for-the-paste-test"
                INSTALLED_APPS = {[*DJANGO_CONTRIB_APPS, *apps]!r}
                DATABASES = {{
                    "default": {{
                        "ENGINE": "django.db.backends.sqlite3",
                        "NAME": "db.sqlite3",
                    }}
                }}
                USE_TZ = True
                DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
                """
            )
        )


_IMPORT_EACH = """
import importlib, json, os, sys, traceback
failures = {}
if os.environ.get("DJANGO_SETTINGS_MODULE"):
    import django
    django.setup()
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except BaseException:
        failures[name] = traceback.format_exc(limit=-3)
print(json.dumps(failures))
"""


def readers_path() -> str:
    """``PATH`` in the reader's shell, with the virtualenv active."""
    return f"{BIN}:{readers_environment().get('PATH', '/usr/bin:/bin')}"


def run(args: list[str], folder: Folder, timeout: float = 120, **env: str):
    return run_as_reader(args, folder.path, timeout, PATH=readers_path(), **env)


def _django_env(folder: Folder) -> dict[str, str]:
    if folder.django_apps is None:
        return {}
    return {"DJANGO_SETTINGS_MODULE": folder.django_settings}


def import_failures(folder: Folder) -> dict[str, str]:
    """``{module: traceback}`` for each pasted module that fails to import, in
    a fresh interpreter in the folder (after ``django.setup()`` for an app)."""
    if not folder.modules:
        return {}
    args = [sys.executable, "-c", _IMPORT_EACH, *folder.modules]
    done = run(args, folder, **_django_env(folder))
    if done.returncode != 0:
        return {"<interpreter>": done.stderr}
    return json.loads(done.stdout.splitlines()[-1])


def pytest_in(folder: Folder) -> subprocess.CompletedProcess:
    """``pytest`` on the folder's test files, as the reader runs it there
    (the cache it writes stays in the throwaway folder)."""
    return run(
        [sys.executable, "-m", "pytest", *folder.test_files, "-q"],
        folder,
        timeout=300,
    )


@dataclass(frozen=True)
class Command:
    line: str
    words: list[str]  # without leading VAR=value assignments

    @property
    def celery_app(self) -> str | None:
        """The ``-A``/``--app`` argument of a ``celery`` command."""
        if not self.words or self.words[0] != "celery":
            return None
        for index, word in enumerate(self.words):
            if word in ("-A", "--app") and index + 1 < len(self.words):
                return self.words[index + 1]
            if word.startswith("--app="):
                return word.removeprefix("--app=")
            if word.startswith("-A") and len(word) > 2:
                return word[2:]
        return None


def commands_in(text: str) -> list[Command]:
    """The commands of a shell block, one a line; comments dropped."""
    commands = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        while words and "=" in words[0] and words[0].split("=")[0].isidentifier():
            words = words[1:]
        if words:
            commands.append(Command(line, words))
    return commands


def celery_app_loads(app: str, folder: Folder) -> subprocess.CompletedProcess:
    """``celery -A <app> inspect --help`` in the folder: Celery loads the app
    before it reads the sub-command, and ``--help`` starts nothing."""
    args = [str(BIN / "celery"), "-A", app, "inspect", "--help"]
    return run(args, folder, **_django_env(folder))
