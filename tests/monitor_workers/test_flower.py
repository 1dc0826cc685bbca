"""Flower against the snippet's app: the page's command, on a loopback port."""

import subprocess
import sys
import time

import httpx
import pytest

from tests.support.processes import readers_environment, stop_process_group
from tests.support.redis_server import free_port
from tests.support.snippets import folder_of, snippet

tasks = snippet("monitor_workers")


def wait_for(check, timeout=20):
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


@pytest.fixture
def flower(events_broker, tmp_path):
    port = free_port()
    log = (tmp_path / "flower.log").open("wb")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "tasks"),
            *("-b", events_broker, "--result-backend", events_broker),
            *("flower", "--address=127.0.0.1", f"--port={port}"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=folder_of(tasks),
        env=readers_environment(FLOWER_UNAUTHENTICATED_API="true"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{url}/healthcheck").text == "OK")
        yield url
    finally:
        stop_process_group(process)
        log.close()


@pytest.mark.worker
def test_flower_sees_the_worker_and_a_finished_task(worker, flower):
    workers = wait_for(lambda: httpx.get(f"{flower}/api/workers?refresh=1").json())
    assert any(name.startswith(worker.hostname.split("@")[0]) for name in workers)
    result = tasks.resize.delay(640, 480, 0.5)
    assert result.get(timeout=10) == [320, 240]
    seen = wait_for(
        lambda: (
            httpx.get(f"{flower}/api/task/info/{result.id}").json()["state"]
            == "SUCCESS"
        )
    )
    assert seen
    info = httpx.get(f"{flower}/api/task/info/{result.id}").json()
    assert info["name"] == tasks.resize.name
    assert info["args"] == "(640, 480, 0.5)"
    assert info["result"] == "[320, 240]"
