"""Flower against the snippets' apps: the page's command, on a loopback port."""

import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import httpx
import pytest
from celery.events import EventReceiver
from flower.events import Events

from tests.support.processes import readers_environment, stop_process_group
from tests.support.redis_server import free_port
from tests.support.snippets import folder_of, snippet

tasks = snippet("monitor_workers")
no_events = snippet("monitor_workers", "no_events")


def wait_for(check, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            outcome = check()
        except httpx.HTTPError:
            outcome = None
        if outcome:
            return outcome
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {check}")
        time.sleep(0.2)


@contextmanager
def running_flower(module, broker, tmp_path, *, unauthenticated_api=True):
    """``celery -A <module> flower --address=127.0.0.1 --port=...`` in the
    snippet's folder, with Flower's own defaults."""
    port = free_port()
    log = (tmp_path / f"flower-{module.__name__}.log").open("wb")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", module.__name__),
            *("-b", broker, "--result-backend", broker),
            *("flower", "--address=127.0.0.1", f"--port={port}"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=folder_of(module),
        env=readers_environment(
            **({"FLOWER_UNAUTHENTICATED_API": "true"} if unauthenticated_api else {})
        ),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{url}/healthcheck").text == "OK")
        yield url
    finally:
        stop_process_group(process)
        log.close()


def finished_task(flower, result):
    wait_for(
        lambda: (
            httpx.get(f"{flower}/api/task/info/{result.id}").json()["state"]
            == "SUCCESS"
        )
    )
    return httpx.get(f"{flower}/api/task/info/{result.id}").json()


@pytest.mark.worker
def test_flower_sees_the_worker_and_a_finished_task(real_worker, clean_redis, tmp_path):
    # A worker of its own: Flower turns task events on in the workers it
    # reaches, and the package's worker must keep only its own settings.
    worker = real_worker(tasks.app, tasks)
    with running_flower(tasks, clean_redis, tmp_path) as flower:
        workers = wait_for(lambda: httpx.get(f"{flower}/api/workers?refresh=1").json())
        assert any(name.startswith(worker.hostname.split("@")[0]) for name in workers)
        result = tasks.resize.delay(640, 480, 0.5)
        assert result.get(timeout=10) == [320, 240]
        info = finished_task(flower, result)
    assert info["name"] == tasks.resize.name
    assert info["args"] == "(640, 480, 0.5)"
    assert info["result"] == "[320, 240]"


@pytest.mark.worker
def test_flower_turns_task_events_on_in_a_worker_without_them(
    real_worker, clean_redis, tmp_path
):
    worker = real_worker(no_events.app, no_events)
    with running_flower(no_events, clean_redis, tmp_path) as flower:
        worker.wait_for_log("Events of group {task} enabled by remote.", timeout=30)
        result = no_events.resize.delay(640, 480, 0.5)
        assert result.get(timeout=10) == [320, 240]
        assert finished_task(flower, result)["result"] == "[320, 240]"
    # Flower has stopped; nothing turns the worker's task events off again.
    succeeded = []
    with no_events.app.connection_for_read() as connection:
        receiver = EventReceiver(
            connection, handlers={"task-succeeded": succeeded.append}, app=no_events.app
        )
        listener = threading.Thread(
            target=receiver.capture, kwargs={"limit": None}, daemon=True
        )
        listener.start()
        time.sleep(1)  # the receiver is bound to the event exchange
        result = no_events.resize.delay(640, 480, 2)
        assert result.get(timeout=10) == [1280, 960]
        deadline = time.monotonic() + 20
        while not succeeded and time.monotonic() < deadline:
            time.sleep(0.05)
        receiver.should_stop = True
        listener.join(timeout=30)
    assert [event["uuid"] for event in succeeded] == [result.id]


def test_flower_enables_events_every_5_s_by_default():
    from flower.options import options

    assert options.enable_events is True
    assert Events.events_enable_interval == 5000  # milliseconds


def task_page(flower, result, shows):
    def check():
        page = httpx.get(f"{flower}/task/{result.id}")
        return page.status_code == 200 and shows in page.text and page.text

    return wait_for(check)


@pytest.mark.worker
def test_flower_refuses_its_api_without_authentication_and_only_its_api(
    real_worker, clean_redis, tmp_path
):
    real_worker(tasks.app, tasks)
    with running_flower(
        tasks, clean_redis, tmp_path, unauthenticated_api=False
    ) as flower:
        assert httpx.get(f"{flower}/api/workers").status_code == 401
        # Its web pages, tasks and all, and its metrics are served to anyone.
        for page in ("/", "/tasks", "/workers"):
            assert httpx.get(f"{flower}{page}").status_code == 200, page
        done = tasks.resize.delay(640, 480, 0.5)
        failed = tasks.resize.delay(640, 480, 0)
        page = task_page(flower, done, "SUCCESS")
        assert tasks.resize.name in page
        assert "(640, 480, 0.5)" in page  # its arguments
        assert "[320, 240]" in page  # its result
        page = task_page(flower, failed, "FAILURE")
        assert "Traceback (most recent call last)" in page
        assert "ValueError: cannot scale by 0" in page
        metrics = httpx.get(f"{flower}/metrics")
        assert metrics.status_code == 200
        assert "# TYPE flower_events_total counter" in metrics.text


def test_flower_listens_on_every_interface_unless_told():
    from flower.options import options

    assert options.address == ""
