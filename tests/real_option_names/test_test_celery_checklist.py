"""The paste-in check, run as a reader runs it: the file copied into a project
folder with the reader's app, and pytest started there."""

import re
import shutil
import sys

import pytest

from tests.support.processes import run_as_reader
from tests.support.readers_tests import ROOT, pytest_in, run_readers_tests

CHECK = "snippets/real_option_names/test_celery_checklist.py"
MARKED_LINE = re.compile(r'^APP = "tasks:app"  # <- your Celery app.*$', re.M)


def project_with(tmp_path, app):
    """A reader's folder: their tasks, and the check with its one line edited."""
    for name in ("tasks.py", "mistakes.py"):
        shutil.copy(ROOT / "snippets/real_option_names" / name, tmp_path / name)
    check = (ROOT / CHECK).read_text()
    assert MARKED_LINE.search(check), "the line readers edit has changed"
    (tmp_path / "test_celery_checklist.py").write_text(
        MARKED_LINE.sub(f'APP = "{app}"', check)
    )
    return tmp_path


def test_it_passes_on_the_do_this_app(tmp_path):
    status, output = run_readers_tests(CHECK, tmp_path)
    assert status == 0, output
    assert "1 passed" in output


def test_it_fails_on_the_mistakes_with_one_line_each(tmp_path):
    status, output = pytest_in(project_with(tmp_path, "mistakes:app"))
    assert status == 1, output
    assert (
        "real-option-names: mistakes.fetch_figures: 'retries' is not a Celery "
        "task option, so it does nothing (see https://celerytaskschecklist.com/"
        "time-and-deploys/real-option-names/)"
    ) in output
    assert "time-limits: mistakes.summarise: soft time limit 150 s" in output


CALLS = """\
from tasks import app, request_summary
from mistakes import app as mistakes_app, request_figures

for celery_app in app, mistakes_app:
    celery_app.conf.update(broker_url="memory://", result_backend="cache+memory://")


def test_a_good_call():
    request_summary(1000)


def test_a_call_with_task_options():
    request_figures("http://127.0.0.1:9/figures")
"""


def test_as_a_plugin_it_checks_every_call_the_tests_send(tmp_path):
    project = project_with(tmp_path, "tasks:app")
    (project / "conftest.py").write_text('pytest_plugins = ["test_celery_checklist"]\n')
    (project / "test_calls.py").write_text(CALLS)
    status, output = pytest_in(project, "test_calls.py")
    assert status == 1, output
    # Both tests run; the one that sent task options errors at its teardown.
    assert "2 passed, 1 error" in output
    assert "ERROR test_calls.py::test_a_call_with_task_options" in output
    assert (
        "real-option-names: mistakes.fetch_figures was sent with 'bind', not an "
        "option of apply_async"
    ) in output
    assert "'retry_backoff', not an option of apply_async" in output


def test_as_a_plugin_its_conftest_is_the_one_beside_it(tmp_path):
    """The usual layout: the app at the project's root, the tests in tests/."""
    tests = tmp_path / "tests"
    tests.mkdir()
    project_with(tests, "tasks:app")
    for name in ("tasks.py", "mistakes.py"):
        (tests / name).rename(tmp_path / name)
    (tests / "test_calls.py").write_text(CALLS)
    plugin = 'pytest_plugins = ["test_celery_checklist"]\n'
    (tmp_path / "conftest.py").write_text(plugin)  # the root conftest: not found
    done = run_as_reader([sys.executable, "-m", "pytest", "-q", "tests"], tmp_path)
    assert done.returncode != 0, done.stdout
    assert "No module named 'test_celery_checklist'" in done.stderr + done.stdout
    (tmp_path / "conftest.py").unlink()
    (tests / "conftest.py").write_text(plugin)  # beside the file: found
    _, output = pytest_in(tmp_path, "tests")
    # The plugin is loaded: the call with task options errors at its teardown.
    assert "ERROR tests/test_calls.py::test_a_call_with_task_options" in output
    assert "mistakes.fetch_figures was sent with 'bind'" in output


NO_PLUGINS = ["-p", "no:cacheprovider", "-p", "no:randomly"]
LOADED = "mistakes.fetch_figures was sent with 'bind'"


@pytest.mark.parametrize(
    ("folder", "package", "args", "refused"),
    [
        # Loaded at start: a test* folder directly in the one pytest runs in...
        ("tests", False, [], None),
        # ...or a folder named on the command line.
        ("app/checks", False, ["app/checks"], None),
        # A package: the conftest is imported as tests.conftest, and the
        # plugin's own folder is not on sys.path.
        (
            "tests",
            True,
            [],
            'Error importing plugin "test_celery_checklist": '
            "No module named 'test_celery_checklist'",
        ),
        # Found only while collecting: too late for pytest_plugins.
        ("app/checks", False, [], "Defining 'pytest_plugins' in a non-top-level"),
    ],
)
def test_the_layouts_the_plugin_loads_in(tmp_path, folder, package, args, refused):
    where = tmp_path / folder
    where.mkdir(parents=True)
    project_with(where, "tasks:app")
    for name in ("tasks.py", "mistakes.py"):  # the app at the project's root
        (where / name).rename(tmp_path / name)
    if package:
        (where / "__init__.py").write_text("")
    (where / "conftest.py").write_text('pytest_plugins = ["test_celery_checklist"]\n')
    (where / "test_calls.py").write_text(CALLS)
    command = [sys.executable, "-m", "pytest", "-q", *NO_PLUGINS, *args]
    done = run_as_reader(command, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output  # the call with task options errors
    if refused:
        assert refused in output
        assert LOADED not in output
    else:
        assert LOADED in output


def test_app_must_name_the_app_not_only_its_module(tmp_path):
    """`celery -A tasks` finds the app in the module; APP = "tasks" does not."""
    status, output = pytest_in(project_with(tmp_path, "tasks"))
    assert status == 1, output
    assert "AttributeError: module 'tasks' has no attribute 'loader'" in output
