"""conftest.py sets the in-memory broker and backend before any test uses the
app: a suite that runs an eager test of the same app first still passes."""

import shutil

import celery
import pytest
import redis

from tests.support.readers_tests import pytest_in
from tests.support.redis_server import free_port
from tests.support.snippets import folder_of, snippet

CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
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


# The page's mistake: the same settings changed in the worker fixture instead
# of conftest.py, after the eager test has made the test thread's backend.
SETTINGS_IN_THE_FIXTURE = """\
def worker():
    app.conf.update(broker_url="memory://", result_backend="cache+memory://")
"""


def fixture_instead(tmp_path, redis_of_tasks_py):
    """The reader's folder with the settings moved into the fixture, the eager
    test first, and ``tasks.py``'s Redis at ``redis_of_tasks_py``."""
    folder = readers_folder(tmp_path)
    (folder / "conftest.py").unlink()
    tests = (folder / "test_error_rate.py").read_text()
    assert "def worker():\n" in tests
    tests = tests.replace("def worker():\n", SETTINGS_IN_THE_FIXTURE)
    (folder / "test_error_rate.py").write_text(tests)
    source = (folder / "tasks.py").read_text()
    assert source.count("redis://localhost:6379/") == 2
    source = source.replace("redis://localhost:6379", redis_of_tasks_py)
    (folder / "tasks.py").write_text(source)
    (folder / "test_a_eager_first.py").write_text(EAGER_FIRST)
    return folder


def test_with_the_settings_in_the_fixture_and_no_redis_delay_fails(tmp_path):
    # Nothing listens where tasks.py's Redis would be.
    folder = fixture_instead(tmp_path, f"redis://127.0.0.1:{free_port()}")
    status, output = pytest_in(
        folder, "-x", "-p", "no:randomly", "test_a_eager_first.py", "test_error_rate.py"
    )
    assert status == 1, output
    assert "1 failed, 1 passed" in output
    assert (
        ">       rate = chain(count_statuses.s(LOG), server_error_rate.s()).delay()"
        in output
    )
    if CELERY >= (5, 6):
        assert "RuntimeError: \nE               Retry limit exceeded" in output, output
    else:  # 5.5 logs the message, then raises the connection error itself
        assert "CRITICAL celery.backends.redis:redis.py" in output, output
        assert "Retry limit exceeded while trying to reconnect" in output, output
        assert "kombu.exceptions.OperationalError: Error 111 connecting" in output


@pytest.mark.worker
def test_with_the_settings_in_the_fixture_and_a_redis_get_waits_in_vain(
    tmp_path, clean_redis
):
    # A Redis runs where tasks.py says: the test's .delay() sends through the
    # broker pool the eager test made, to that Redis, where the worker (on the
    # in-memory broker) never looks; the test waits until its timeout.
    server = clean_redis.rsplit("/", 1)[0]
    folder = fixture_instead(tmp_path, server)
    status, output = pytest_in(
        folder, "-x", "-p", "no:randomly", "test_a_eager_first.py", "test_error_rate.py"
    )
    assert status == 1, output
    assert "1 failed, 1 passed" in output
    assert "celery.exceptions.TimeoutError: The operation timed out." in output, output
    with redis.Redis.from_url(f"{server}/0") as broker:
        assert broker.llen("celery") >= 1  # sent to tasks.py's broker, never taken
