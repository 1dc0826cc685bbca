"""The snippet tests on every supported Celery release: `make test-matrix`.

The releases come from pyproject.toml ([tool.celery-tasks-checklist]), like
the CI matrix. Browser tests do not depend on Celery and run in `make test`.
"""

import tomllib
from pathlib import Path

import nox

PROJECT = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
SUPPORTED = PROJECT["tool"]["celery-tasks-checklist"]["supported-celery"]

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True


@nox.session
@nox.parametrize("celery", SUPPORTED)
def snippets(session, celery):
    session.install("-r", "requirements-dev.txt")
    session.install(f"celery[redis]=={celery}.*", f"kombu=={celery}.*")
    session.run("python", "-c", "import celery; print('Celery', celery.__version__)")
    session.run(
        "python",
        "-m",
        "pytest",
        "-n",
        "4",
        "--dist",
        "loadscope",
        "--no-loadscope-reorder",
        "-m",
        "not browser",
        "-q",
        *session.posargs,
    )
