"""Zensical, Material's successor, builds the same mkdocs.yml into the same
pages, with the snippets expanded and the checklist script in place."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.checklist import DOCS, ROOT, load_items

SOURCES = ("mkdocs.yml", "docs", "snippets", "overrides", "checker")


def zensical_build(workdir: Path) -> Path:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name)
        else:
            shutil.copy(source, workdir / name)
    zensical = Path(sys.executable).with_name("zensical")
    subprocess.run(
        [str(zensical), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=workdir,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return workdir / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    return zensical_build(tmp_path_factory.mktemp("zensical"))


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_the_same_pages_as_mkdocs(zensical_site, built_site):
    assert pages(zensical_site) == pages(Path(built_site))
    # One page per Markdown file: every item and the pages around them.
    assert len(pages(zensical_site)) == len(list(DOCS.rglob("*.md")))
    assert len(load_items()) < len(pages(zensical_site))


def test_snippets_are_expanded_and_the_checklist_is_there(zensical_site):
    canvas = (zensical_site / "workflows-and-routing/canvas/index.html").read_text()
    assert "--8&lt;--" not in canvas
    assert "--8<--" not in canvas
    assert "chord_caller.py" in canvas
    overview = (zensical_site / "checklist/index.html").read_text()
    assert overview.count('class="ctc-check"') == len(load_items())
    assert "javascripts/checklist.js" in overview
    assert (zensical_site / "javascripts/checklist.js").is_file()
