"""The rules that keep every example on the site real and tested."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import checklist, task_options

ROOT = checklist.ROOT
DOCS = checklist.DOCS
SNIPPETS = ROOT / "snippets"
TESTS = ROOT / "tests"
INCLUDE = re.compile(r"""--8<--\s+["']([^"':]+)(?::[\w-]+)?["']""")
PY_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?:py|python|pycon|py3)\b"
    r"[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.S | re.M,
)


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def snippet_files() -> list[Path]:
    return sorted(p for p in SNIPPETS.rglob("*.py") if p.name != "__init__.py")


def included_files() -> set[Path]:
    return {
        (ROOT / match).resolve()
        for page in pages()
        for match in INCLUDE.findall(page.read_text(encoding="utf-8"))
    }


def test_items_are_well_formed_and_unique():
    items = checklist.load_items()
    assert len(items) >= 2
    assert {item.priority for item in items} <= set(checklist.PRIORITIES)


def test_every_item_page_exists_and_every_category_page_is_an_item():
    items = checklist.load_items()
    listed = {item.path for item in items}
    for item in items:
        assert (DOCS / item.path).is_file(), item.path
    in_category_folders = {
        str(p.relative_to(DOCS))
        for p in DOCS.glob("*/*.md")
        if "priority" in checklist.front_matter(p)
    }
    assert in_category_folders == listed, (
        "item pages missing from the nav in mkdocs.yml"
    )


def test_generated_files_are_up_to_date():
    assert checklist.main(["--check"]) == 0, "run `make checklist`"


def test_overview_links_every_item():
    overview = checklist.CHECKLIST_PAGE.read_text(encoding="utf-8")
    for item in checklist.load_items():
        assert f"]({item.path})" in overview, item.id


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_come_only_from_snippet_files(page):
    text = page.read_text(encoding="utf-8")
    for match in PY_FENCE.finditer(text):
        body = [line for line in match["body"].splitlines() if line.strip()]
        assert body, f"{page.name}: empty Python block"
        inline = [line for line in body if "--8<--" not in line]
        assert not inline, f"{page.name}: untested inline Python: {inline[0]!r}"


@pytest.mark.parametrize(
    "snippet", snippet_files(), ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_snippet_is_shown_and_tested(snippet):
    assert snippet.resolve() in included_files(), "no page includes it: remove it"
    item = snippet.relative_to(SNIPPETS).parts[0]
    test_module = TESTS / item / f"test_{snippet.stem}.py"
    assert test_module.is_file(), f"missing {test_module.relative_to(ROOT)}"
    dotted = ".".join(snippet.relative_to(ROOT).with_suffix("").parts)
    module, name = dotted.rsplit(".", 1)
    # A file in a package of the item's folder (a Django app, `orders/tasks.py`)
    # is imported as the reader's project has it: `orders.tasks`.
    in_package = ".".join(snippet.relative_to(SNIPPETS / item).with_suffix("").parts)
    package = in_package.rpartition(".")[0]
    uses = (
        *(
            [
                rf"(import|from) {re.escape(in_package)}\b",
                rf"from {re.escape(package)} import .*\b{name}\b",
            ]
            if package
            else []
        ),
        rf"(import|from) {re.escape(dotted)}\b",
        rf"from {re.escape(module)} import .*\b{name}\b",
        # tests.support.snippets imports a folder's files as a reader has them.
        rf'snippet\("{item}", "{name}"\)',
        *([rf'snippet\("{item}"\)'] if name == "tasks" else []),
        # A snippet that is itself a pytest module is run by its path.
        re.escape(f'"{snippet.relative_to(ROOT).as_posix()}"'),
    )
    source = test_module.read_text(encoding="utf-8")
    assert any(re.search(p, source) for p in uses), f"nothing runs {dotted}"


def test_every_include_points_at_a_file():
    for path in included_files():
        assert path.is_file(), path


# The one "Not this" example of an option Celery does not know, on the page
# that teaches real option names; anywhere else such an option is a mistake.
DELIBERATE_UNKNOWN_OPTIONS = [
    f"{SNIPPETS / 'real_option_names/mistakes.py'}:22: 'retries' is not a Celery "
    "task option"
]


def test_snippets_use_only_real_task_options():
    assert task_options.scan(snippet_files()) == DELIBERATE_UNKNOWN_OPTIONS


@pytest.mark.parametrize(
    ("decorator", "ignored"),
    [
        (
            "@app.task(bind=True, retry_limit=4, default_retry_delay=10)",
            ["retry_limit"],
        ),
        (
            "@app.task(task_time_limit=60, task_soft_time_limit=45)",
            ["task_time_limit", "task_soft_time_limit"],
        ),
        (
            "@shared_task(acks_late=True, autoretry_for=(OSError,), retry_jitter=True)",
            [],
        ),
        ("@app.task(time_limit=60, soft_time_limit=45, max_retries=4)", []),
    ],
)
def test_the_option_check_catches_the_2017_mistakes(decorator, ignored):
    source = f"{decorator}\ndef work():\n    pass\n"
    found = task_options.unknown_task_options(source, task_options.known_task_options())
    assert [option for _, option in found] == ignored


def _mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True
    )


def test_strict_build_passes_without_warnings(tmp_path):
    result = _mkdocs(
        "build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^(WARNING|ERROR)\b", result.stderr, re.M), result.stderr
    canvas = (tmp_path / "site/workflows-and-routing/canvas/index.html").read_text()
    assert "chain(add.s(4, 4), mul.s(8), mul.s(10))" in re.sub(r"<[^>]+>", "", canvas)
    assert "--8&lt;--" not in canvas
    assert "[start:" not in canvas


def test_a_missing_snippet_fails_the_build(tmp_path):
    project = tmp_path / "project"
    for part in ("docs", "snippets", "overrides", "checker"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project)
    page = project / "docs/workflows-and-routing/canvas.md"
    page.write_text(page.read_text() + '\n```python\n--8<-- "snippets/nope.py"\n```\n')
    result = _mkdocs(
        "build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=project
    )
    assert result.returncode != 0
    assert "snippets/nope.py" in result.stderr
