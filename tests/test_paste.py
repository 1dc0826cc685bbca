"""Code runs as readers paste it.

Every block a reader can copy from a built page must run when pasted into
files named as the block's title, side by side in one empty folder; commands
copy without prompts and name files that are there; output is not dressed as
commands or code. The site is built once for the run.

The rules a page follows:

- A Python block with a copy button is a whole file: its title is the file's
  path (``tasks.py``, ``orders/models.py``).
- A part of a file (a ``:section`` include) is for reading: no copy button
  (``.no-copy``) and the title ``<file>.py (excerpt)``.
- Any block without a copy button says in its title what it is instead.
- Commands are ``sh`` blocks with nothing but commands and comments: no
  prompt, no output (Material's copy button copies a ``console`` block's
  prompts and output too). Output, logs and tables are ``text`` blocks.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path, PurePosixPath

import pytest

from tests.support import pasted
from tests.support.copyable import Block, blocks_of, built_page
from tools.checklist import DOCS, load_config

PYTHON = {"python", "py", "python3", "py3"}
COMMANDS = {"sh", "bash", "shell"}
OUTPUT = {"text"}
FILE_TITLE = re.compile(r"(?:[A-Za-z_]\w*/)*[A-Za-z_]\w*\.py")
EXCERPT_TITLE = re.compile(rf"(?P<file>{FILE_TITLE.pattern}) \(excerpt\)")
# A shell, Python or REPL prompt at the start of a line (``#`` is a comment).
PROMPT = re.compile(r"^\s*(?:[$%>]|>>>|\.\.\.|\(\w+\) ?\$)(?:\s|$)")
OUTPUT_PROMPT = re.compile(r"^\s*(?:[$%]|>>>)(?:\s|$)")
COMMENTED_CELERY_APP = re.compile(r"#.*\bcelery (?:-A ?|--app[ =])([\w.:]+)")
# Commands a reader has that this machine may lack.
READERS_OWN_COMMANDS = {"telnet", "nc", "redis-server", "flower"}


def pages() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="module")
def blocks(site):
    """``blocks(page)``: the code blocks of the built ``page``."""
    copy_feature = "content.code.copy" in load_config()["theme"].get("features", [])

    def of(page: str) -> list[Block]:
        html = built_page(site, page).read_text(encoding="utf-8")
        return blocks_of(html, copy_feature)

    return of


@pytest.fixture(scope="module")
def folders(blocks, tmp_path_factory):
    """``folders(page)``: the page's Python files pasted, once per module."""
    done: dict[str, list[pasted.Folder]] = {}

    def of(page: str) -> list[pasted.Folder]:
        if page not in done:
            files = [
                b
                for b in copyable(blocks(page))
                if b.language in PYTHON and FILE_TITLE.fullmatch(b.title or "")
            ]
            root = tmp_path_factory.mktemp(PurePosixPath(page).stem)
            done[page] = pasted.paste(files, root)
        return done[page]

    return of


def copyable(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.copyable]


@pytest.mark.parametrize("page", pages())
def test_every_block_says_what_it_is(page, blocks):
    wrong = []
    for block in blocks(page):
        known = PYTHON | COMMANDS | OUTPUT
        if block.language == "console":
            wrong.append(f"{block}: Material copies console prompts; use sh")
        elif block.language not in known:
            wrong.append(f"{block}: language not one of {sorted(known)}")
        elif not block.copyable and not block.title:
            wrong.append(f"{block}: no copy button and no title to say why")
        elif block.language in PYTHON and block.copyable:
            if not FILE_TITLE.fullmatch(block.title or ""):
                wrong.append(f"{block}: a Python file needs its file name as title")
        elif block.language in PYTHON and not EXCERPT_TITLE.fullmatch(block.title):
            wrong.append(f"{block}: a Python excerpt's title is '<file>.py (excerpt)'")
    assert not wrong, "\n\n".join(wrong)


INCLUDE_FENCE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n"
    r"[ \t]*--8<--\s+[\"'](?P<path>[^\"':]+)(?::(?P<section>[\w-]+))?[\"']",
    re.M,
)


@pytest.mark.parametrize("page", pages())
def test_section_includes_are_shown_as_excerpts(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    wrong = []
    for match in INCLUDE_FENCE.finditer(text):
        if match["section"] is None:
            continue
        info, name = match["info"], PurePosixPath(match["path"]).name
        if ".no-copy" not in info or f'title="{name} (excerpt)"' not in info:
            wrong.append(f"{match['path']}:{match['section']}: {match['info']!r}")
    excerpt = '```{.python .no-copy title="<file>.py (excerpt)"}'
    assert not wrong, f"fence these as {excerpt}: {', '.join(wrong)}"


@pytest.mark.parametrize("page", pages())
def test_commands_copy_without_prompts_or_output(page, blocks, folders):
    files = set(folders(page)[0].files)
    path = pasted.readers_path()
    wrong = []
    for block in copyable(blocks(page)):
        if block.language not in COMMANDS:
            continue
        prompted = [line for line in block.text.splitlines() if PROMPT.match(line)]
        wrong += [f"{block}: copies a prompt: {line!r}" for line in prompted]
        for command in pasted.commands_in(block.text):
            if command.line in prompted:
                continue
            program = command.words[0]
            if program not in READERS_OWN_COMMANDS and not shutil.which(
                program, path=path
            ):
                wrong.append(f"{block}: not a command (output?): {command.line!r}")
            for word in command.words[1:]:
                if word.endswith(".py") and word not in files:
                    wrong.append(f"{block}: {word} is not a file on the page")
    assert not wrong, "\n\n".join(wrong)


def statements(text: str) -> list[ast.stmt]:
    """The Python statements ``text`` would be, beyond bare names and values."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    bare = (ast.Constant, ast.Name)  # "9", "SUCCESS": output that parses
    return [
        node
        for node in tree.body
        if not (isinstance(node, ast.Expr) and isinstance(node.value, bare))
    ]


@pytest.mark.parametrize("page", pages())
def test_output_is_not_dressed_as_commands_or_code(page, blocks):
    wrong = []
    for block in copyable(blocks(page)):
        if block.language not in OUTPUT:
            continue
        for line in block.text.splitlines():
            if OUTPUT_PROMPT.match(line):
                wrong.append(f"{block}: a command to copy? {line!r}")
        if statements(block.text):
            wrong.append(f"{block}: Python shown as text, with a copy button")
    assert not wrong, "\n\n".join(wrong)


@pytest.mark.parametrize("page", pages())
def test_the_pasted_code_runs(page, blocks, folders):
    failures = []
    for folder in folders(page):
        where = folder.path.name
        for module, error in pasted.import_failures(folder).items():
            failures.append(f"{where}: import {module}:\n{error}")
        runs_tests = folder.replaced is None or folder.replaced in folder.test_files
        if folder.test_files and runs_tests:
            done = pasted.pytest_in(folder)
            if done.returncode != 0:
                failures.append(f"{where}: pytest:\n{done.stdout[-3000:]}")
    apps = {
        command.celery_app
        for block in copyable(blocks(page))
        if block.language in COMMANDS
        for command in pasted.commands_in(block.text)
        if command.celery_app
    }
    # Commands in the files' comments are read and typed too.
    apps |= {
        app
        for block in copyable(blocks(page))
        if block.language in PYTHON
        for app in COMMENTED_CELERY_APP.findall(block.text)
    }
    for app in sorted(apps):
        if not folders(page)[0].files:
            failures.append(f"celery -A {app}: the page pastes no Python file")
            continue
        done = pasted.celery_app_loads(app, folders(page)[0])
        if done.returncode != 0:
            failures.append(f"celery -A {app} does not load:\n{done.stderr[-2000:]}")
    assert not failures, "\n\n".join(failures)


SITE_PACKAGE = re.compile(r"\bsnippets\.\w+")


@pytest.mark.parametrize("page", pages())
def test_pages_name_modules_as_the_readers_folder_has_them(page):
    """A pasted ``tasks.py`` is the module ``tasks`` and its tasks are named
    ``tasks.add``: the site's own ``snippets.<item>`` package is not the
    reader's."""
    text = (DOCS / page).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "--8<--" not in line]
    assert not [line for line in lines if SITE_PACKAGE.search(line)]


def _blocks(files: dict[str, str]) -> list[Block]:
    return [
        Block(number, "python", title, True, text.strip())
        for number, (title, text) in enumerate(files.items(), 1)
    ]


DJANGO_APP = {
    "orders/models.py": """
from django.db import models


class Order(models.Model):
    email = models.EmailField()
""",
    "orders/tasks.py": """
from celery import shared_task

from .models import Order


@shared_task
def send_confirmation(order_id):
    return Order.objects.get(id=order_id).email
""",
    "proj/__init__.py": "from .celery import app as celery_app",
    "proj/celery.py": """
from celery import Celery

app = Celery("proj")
app.config_from_object("django.conf:settings", namespace="CELERY")
""",
}


def test_a_django_app_is_pasted_as_packages_and_imported_after_setup(tmp_path):
    (folder,) = pasted.paste(_blocks(DJANGO_APP), tmp_path)
    assert folder.django_apps == ["orders"]
    assert (folder.path / "orders/__init__.py").read_text() == ""
    assert pasted.import_failures(folder) == {}
    assert pasted.celery_app_loads("proj", folder).returncode == 0
    assert pasted.celery_app_loads("orders", folder).returncode != 0


def test_a_models_file_outside_an_app_package_does_not_import(tmp_path):
    flat = {"models.py": DJANGO_APP["orders/models.py"]}
    (folder,) = pasted.paste(_blocks(flat), tmp_path)
    assert "isn't in an application" in pasted.import_failures(folder)["models"]


def test_the_copied_text_is_what_materials_button_copies():
    html = (
        '<div class="tabbed-block"><input type="radio" id="t"><p>Stray</p></p>'
        '<div class="language-console highlight"><span class="filename">run</span>'
        '<pre><span></span><code><a id="l1"></a><span class="gp">$ </span>celery'
        '<span class="w"> </span>-A tasks worker\n<span class="go">ok</span>\n\n'
        "</code></pre></div></div>"
        '<div class="language-python no-copy highlight"><pre><code>x = 1\n'
        "</code></pre></div>"
        '<div data-copy="pip install celery"><pre><code>$ pip install celery'
        "</code></pre></div>"
    )
    console, excerpt, custom = blocks_of(html)
    assert (console.language, console.title, console.copyable) == (
        "console",
        "run",
        True,
    )
    assert console.text == "$ celery -A tasks worker\nok"  # prompt and output kept
    assert (excerpt.language, excerpt.copyable) == ("python", False)
    assert custom.text == "pip install celery"
    assert not blocks_of(html, copy_feature=False)[0].copyable
