"""conftest.py sets the in-memory broker and backend before any test uses the
app: a suite that runs an eager test of the same app first still passes."""

import shutil

from tests.support.readers_tests import pytest_in
from tests.support.snippets import folder_of, snippet

CONFTEST = "snippets/real_worker_tests/conftest.py"

# The eager mode page's fixture and test, in the reader's project, run first:
# the first use of the app (its result backend, in this test's thread).
EAGER_FIRST = """\
import pytest

from tasks import app, count_statuses

EAGER = {"task_always_eager": True, "task_eager_propagates": True}


@pytest.fixture
def eager():
    saved = {key: app.conf[key] for key in EAGER}
    app.conf.update(EAGER)
    yield
    app.conf.update(saved)


def test_counts_eagerly(eager):
    assert count_statuses.delay(["GET / 200"]).get() == {200: 1}
"""


def readers_folder(tmp_path):
    for source in folder_of(snippet("real_worker_tests")).glob("*.py"):
        if source.name != "__init__.py":
            shutil.copy(source, tmp_path / source.name)
    assert (tmp_path / "conftest.py").read_text() == (
        folder_of(snippet("real_worker_tests")) / "conftest.py"
    ).read_text(), CONFTEST
    return tmp_path


def test_after_an_eager_test_the_worker_tests_still_pass(tmp_path):
    folder = readers_folder(tmp_path)
    (folder / "test_a_eager_first.py").write_text(EAGER_FIRST)
    status, output = pytest_in(
        folder, "-p", "no:randomly", "test_a_eager_first.py", "test_error_rate.py"
    )
    assert status == 0, output
    assert "3 passed" in output


def test_the_settings_hold_for_the_whole_run(tmp_path):
    folder = readers_folder(tmp_path)
    (folder / "test_later.py").write_text(
        "from tasks import app\n\n\n"
        "def test_a_later_module_still_has_the_memory_broker():\n"
        '    assert app.conf.broker_url == "memory://"\n'
    )
    status, output = pytest_in(folder, "test_error_rate.py", "test_later.py")
    assert status == 0, output
    assert "3 passed" in output
