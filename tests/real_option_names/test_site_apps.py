"""The site follows its own checklist: every snippet's app goes through the
readers' check. "Do this" apps must pass; each "Not this" app the check covers
must fail for the items it breaks. A module not listed here must pass."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.snippets import SNIPPETS

ROOT = SNIPPETS.parent

# (folder, module): the checklist items whose findings it must produce.
NOT_THIS = {
    ("json_not_pickle", "accepts_pickle"): {"json-not-pickle"},
    ("periodic_tasks", "string_names"): {"periodic-tasks", "expire-work"},
    ("periodic_tasks", "every_minute"): {"periodic-tasks"},
    ("expire_work", "no_expiry"): {"expire-work"},
    ("real_option_names", "mistakes"): {"real-option-names", "time-limits"},
}
HAS_APP = re.compile(r"^(app\s*=|from \S+ import .*\bapp\b)", re.M)


def modules_with_an_app():
    """(folder, module) of every snippet module that defines or imports `app`,
    found afresh on every run, so new snippet folders are checked too. A module
    inside a package (a Django app's, with relative imports) is named by its
    dotted path under its folder."""
    found = []
    for path in SNIPPETS.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.stem.startswith(("test_", "_")) or not HAS_APP.search(source):
            continue
        folder, *inner = path.relative_to(SNIPPETS).with_suffix("").parts
        found.append((folder, ".".join(inner)))
    return sorted(found)


@pytest.fixture(scope="module")
def checked():
    """Each snippet app's findings, each app checked in a process of its own."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("isolated_check.py"))],
        input=json.dumps(modules_with_an_app()),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("folder", "module"),
    modules_with_an_app(),
    ids=[f"{folder}/{module}" for folder, module in modules_with_an_app()],
)
def test_each_snippet_app_gets_what_its_side_of_the_page_says(checked, folder, module):
    found = checked[f"{folder}/{module}"]
    assert isinstance(found, list), found
    expected = NOT_THIS.get((folder, module), set())
    assert {line.split(":", 1)[0] for line in found} == expected, found


def test_every_listed_not_this_module_exists():
    assert set(NOT_THIS) <= set(modules_with_an_app())
