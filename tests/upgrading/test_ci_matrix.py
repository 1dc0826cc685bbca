"""The GitHub workflow pairs each supported Celery release with every Python
release it declares, from 3.10 (the oldest Celery 5.7 supports, and the oldest
the site's readers paste into) up.

Each run checks the release installed: ``make test-matrix`` checks all three.
"""

from importlib.metadata import metadata
from pathlib import Path

import celery
import yaml

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ".".join(celery.__version__.split(".")[:2])
OLDEST_PYTHON = (3, 10)


def _declared_pythons():
    prefix = "Programming Language :: Python :: "
    versions = [
        entry.removeprefix(prefix)
        for entry in metadata("celery").get_all("Classifier")
        if entry.startswith(prefix) and entry.removeprefix(prefix).count(".") == 1
    ]
    return {v for v in versions if tuple(map(int, v.split("."))) >= OLDEST_PYTHON}


def _legs(job):
    matrix = job["strategy"]["matrix"]
    legs = {(p, c) for p in matrix["python"] for c in matrix["celery"]}
    return legs | {(leg["python"], leg["celery"]) for leg in matrix.get("include", [])}


def _workflow_legs():
    workflow = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    jobs = workflow["jobs"]
    return _legs(jobs["test"]), _legs(jobs["checker"])


def test_every_python_the_installed_release_declares_has_a_leg():
    test, checker = _workflow_legs()
    covered = {python for python, release in test | checker if release == RELEASE}
    assert covered == _declared_pythons()


def test_the_whole_suite_runs_on_every_declared_python_from_3_11():
    test, _ = _workflow_legs()
    suite = {python for python, release in test if release == RELEASE}
    assert suite == _declared_pythons() - {"3.10"}


def test_celery_5_7_declares_3_10_to_3_14():
    if RELEASE == "5.7":
        assert _declared_pythons() == {"3.10", "3.11", "3.12", "3.13", "3.14"}
        assert metadata("celery")["Requires-Python"] == ">=3.10"
    else:
        assert "3.14" not in _declared_pythons()
