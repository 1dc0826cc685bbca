import shutil
import sys
import time

import celery.exceptions
import pytest
import redis
from celery.result import AsyncResult

from tests.support.apps import configured
from tests.support.printed import commented_outputs
from tests.support.processes import run_as_reader
from tests.support.snippets import folder_of, snippet
from tests.support.worker_process import worker_process

tasks = snippet("five_minutes")


def readers_folder(tmp_path):
    """The page's one file, alone in a folder, as the reader has it."""
    folder = tmp_path / "reader"
    folder.mkdir()
    shutil.copy(folder_of(tasks) / "tasks.py", folder / "tasks.py")
    return folder


def run_tasks_py(folder, redis_url, timeout=60):
    """``python tasks.py`` in the reader's folder. The file's broker and backend
    are localhost:6379; Celery reads CELERY_BROKER_URL and CELERY_RESULT_BACKEND
    before them, which points it at the test's Redis without editing the file."""
    return run_as_reader(
        [sys.executable, "tasks.py"],
        folder,
        timeout=timeout,
        CELERY_BROKER_URL=redis_url,
        CELERY_RESULT_BACKEND=redis_url,
    )


@pytest.mark.parametrize(
    ("main_name", "sent_as"),
    [('"tasks"', "tasks.add"), ("__name__", "__main__.add")],
)
def test_run_as_a_script_the_task_is_named_after_the_apps_main(
    tmp_path, main_name, sent_as
):
    # The page's file with main() replaced by a print of the name it would send.
    source = (folder_of(tasks) / "tasks.py").read_text()
    assert '    "tasks",\n' in source
    assert "    main()\n" in source
    source = source.replace('    "tasks",\n', f"    {main_name},\n")
    source = source.replace("    main()\n", "    print(add.name)\n")
    (tmp_path / "tasks.py").write_text(source)
    done = run_as_reader([sys.executable, "tasks.py"], tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == sent_as


def test_add_is_a_plain_function_too():
    assert tasks.add(4, 5) == 9


@pytest.mark.worker
def test_python_tasks_py_prints_what_the_comments_say(clean_redis, tmp_path):
    # The worker as the page starts it (celery -A tasks worker, prefork, INFO),
    # and the script run as __main__: it still sends "tasks.add", the name the
    # worker knows, because the app is named "tasks".
    folder = readers_folder(tmp_path)
    with worker_process(tasks, clean_redis, tmp_path) as worker:
        done = run_tasks_py(folder, clean_redis)
        assert done.returncode == 0, done.stderr
        assert commented_outputs(tasks.main) == ["9", "SUCCESS"]
        assert done.stdout.splitlines() == commented_outputs(tasks.main)
        worker.wait_for_log("Task tasks.add[")
        worker.wait_for_log("succeeded in")


@pytest.mark.worker
def test_without_a_worker_the_script_gives_up_after_10_s(clean_redis, tmp_path):
    folder = readers_folder(tmp_path)
    started = time.monotonic()
    done = run_tasks_py(folder, clean_redis)
    waited = time.monotonic() - started
    assert done.returncode != 0
    assert done.stdout == ""  # not even a result state: get() never returned
    last_line = done.stderr.strip().splitlines()[-1]
    assert last_line.startswith("celery.exceptions.TimeoutError")
    assert waited >= 10
    with redis.Redis.from_url(clean_redis) as broker:
        (message,) = broker.lrange("celery", 0, -1)  # waiting for a worker
        assert b'"task": "tasks.add"' in message
        # The result stays PENDING: nothing was ever stored for it.
        assert broker.keys("celery-task-meta-*") == []


def test_delay_returns_at_once_and_the_message_waits(clean_redis):
    with (
        configured(tasks.app, broker_url=clean_redis, result_backend=clean_redis),
        redis.Redis.from_url(clean_redis) as broker,
    ):
        result = tasks.add.delay(4, 5)
        assert isinstance(result, AsyncResult)  # returned at once
        with pytest.raises(celery.exceptions.TimeoutError):
            result.get(timeout=0.5)
        assert result.state == "PENDING"
        assert broker.llen("celery") == 1  # the message, waiting for a worker


def test_the_app_has_a_result_backend_for_get():
    # Without one, result.get() in main() raises: the backend stores the 9.
    assert tasks.app.conf.result_backend.startswith("redis://")
