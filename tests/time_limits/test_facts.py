"""What the time-limits page says about Celery's options, checked."""

import inspect
from pathlib import Path

import pytest
from celery import Celery
from celery.bin.worker import worker as worker_command
from celery.contrib.testing.worker import start_worker
from celery.exceptions import TimeLimitExceeded

from tests.support.probes import probe, registered

pool_probe = probe(Path(__file__).with_name("pool_probe.py"))


def test_the_worker_command_takes_both_limits():
    options = {opt for param in worker_command.params for opt in param.opts}
    assert {"--time-limit", "--soft-time-limit"} <= options


def test_the_app_wide_defaults_are_settings_with_no_limit():
    app = Celery("defaults", set_as_current=False)
    assert app.conf.task_time_limit is None
    assert app.conf.task_soft_time_limit is None


def test_setting_names_in_the_decorator_are_accepted_and_do_nothing():
    app = Celery("decorated", set_as_current=False)

    @app.task(shared=False, task_time_limit=60, task_soft_time_limit=50)
    def report():
        return "done"

    assert report.time_limit is None
    assert report.soft_time_limit is None


def test_the_in_process_test_worker_uses_the_solo_pool():
    assert inspect.signature(start_worker).parameters["pool"].default == "solo"


@pytest.mark.worker
@pytest.mark.parametrize(
    ("extra_args", "settings"),
    [
        (["--time-limit", "2"], {"task_soft_time_limit": 1}),
        (["--soft-time-limit", "1"], {"task_time_limit": 2}),
    ],
    ids=["hard-flag-soft-setting", "soft-flag-hard-setting"],
)
def test_worker_wide_limits_from_flags_or_settings(real_worker, extra_args, settings):
    with registered(pool_probe):
        real_worker(
            pool_probe.app, pool_probe, extra_args=extra_args, settings=settings
        )
        stops_at_soft = pool_probe.sleeps.delay(4)
        only_hard_stops = pool_probe.sleeps_through_soft_limits.delay(4)
        assert stops_at_soft.get(timeout=30) == pool_probe.SOFT_LIMIT_RAISED
        with pytest.raises(TimeLimitExceeded):
            only_hard_stops.get(timeout=30)


def test_httpx_waits_five_seconds_unless_told():
    import httpx

    with httpx.Client() as client:
        assert client.timeout == httpx.Timeout(5.0)


def test_httpx_times_each_read_not_the_whole_call():
    import socket
    import threading
    import time

    import httpx

    body = b"a trickle, byte by byte"
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n"
            conn.sendall(head.encode())
            for byte in body:  # one byte every 0.2 s: each read is quick
                time.sleep(0.2)
                conn.sendall(bytes([byte]))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    finally:
        server.close()
    took = time.monotonic() - started
    assert response.content == body
    assert took > 3  # past the 2 s timeout: no single read waited that long
