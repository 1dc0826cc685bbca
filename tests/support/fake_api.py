"""A local HTTP API that fails on cue, standing in for a remote service."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise


@dataclass
class FakeApi:
    """Answers ``failures`` GETs with ``failure_status`` (and ``failure_headers``),
    then ``body`` as JSON.

    Keeps the JSON body of every POST in ``posted``, as a webhook would.
    """

    url: str = ""
    failures: int = 0
    failure_status: int = 503
    failure_headers: dict = field(default_factory=dict)
    body: dict = field(default_factory=lambda: {"likes": 42})
    request_times: list[float] = field(default_factory=list)
    posted: list[dict] = field(default_factory=list)

    def respond(self) -> tuple[int, dict]:
        self.request_times.append(time.monotonic())
        if len(self.request_times) <= self.failures:
            return self.failure_status, {"error": "try again later"}
        return 200, self.body

    def gaps(self) -> list[float]:
        times = self.request_times
        return [later - earlier for earlier, later in pairwise(times)]


@contextmanager
def fake_api(**options) -> Iterator[FakeApi]:
    api = FakeApi(**options)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, payload = api.respond()
            data = json.dumps(payload).encode()
            self.send_response(status)
            for name, value in api.failure_headers.items() if status != 200 else ():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            api.posted.append(json.loads(self.rfile.read(length) or b"null"))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.url = f"http://127.0.0.1:{server.server_address[1]}/me/likes"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
