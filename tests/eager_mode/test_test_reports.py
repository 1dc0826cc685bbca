from tests.support.readers_tests import pytest_in, run_readers_tests


def test_the_readers_eager_tests_pass(tmp_path):
    status, output = run_readers_tests("snippets/eager_mode/test_reports.py", tmp_path)
    assert status == 0, output
    assert "3 passed" in output  # one of them needs propagation on


def test_the_fixture_puts_the_projects_settings_back(tmp_path):
    run_readers_tests("snippets/eager_mode/test_reports.py", tmp_path)
    # A project whose test settings turn propagation on for every test.
    (tmp_path / "conftest.py").write_text(
        "from tasks import app\n\napp.conf.task_eager_propagates = True\n"
    )
    (tmp_path / "test_later.py").write_text(
        "from tasks import app\n\n\n"
        "def test_a_later_module_keeps_the_projects_settings():\n"
        "    assert app.conf.task_eager_propagates is True\n"
        "    assert app.conf.task_always_eager is False\n"
    )
    # In this order (pytest-randomly would shuffle it).
    status, output = pytest_in(
        tmp_path, "-p", "no:randomly", "test_reports.py", "test_later.py"
    )
    assert status == 0, output
    assert "4 passed" in output
