from tests.support.readers_tests import run_readers_tests


def test_the_readers_eager_tests_pass(tmp_path):
    status, output = run_readers_tests("snippets/eager_mode/test_reports.py", tmp_path)
    assert status == 0, output
    assert "2 passed" in output
