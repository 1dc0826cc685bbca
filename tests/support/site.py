"""The built site, served on loopback, and a Chromium to look at it with."""

from __future__ import annotations

import fcntl
import functools
import gzip
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium's headless shell (Debian's chromium-headless-shell; what Playwright
# itself runs for headless tests): the browser's engine without its window
# system, a third of the CPU time per page load (python -m tools.browser_cost).
# The tests use it when it is there; Lighthouse (tools/audit.py) measures the
# full browser.
_HEADLESS_SHELL_NAMES = ("chromium-headless-shell", "chrome-headless-shell")
_BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "--config-file",
            str(config),
            "--site-dir",
            str(site_dir),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return site_dir


def shared_build(tmp_path_factory) -> Path:
    """The site built once per run, and shared read-only by the test processes
    of a parallel run (pytest-xdist's recipe: their temporary folders have one
    parent, and a lock makes the others wait for the first)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    site_dir, built = root / "built-site", root / "built-site.done"
    with (root / "built-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            shutil.rmtree(site_dir, ignore_errors=True)  # a failed build's
            build_site(site_dir)
            built.touch()
    return site_dir


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".md"}


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site the way a static host such as GitHub Pages does: gzip for
    text, a short cache lifetime, and 404.html for what does not exist."""

    def log_message(self, format, *args):  # quiet test output
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _chromium(names: tuple[str, ...]) -> str | None:
    """$CHROMIUM_PATH, then the first of ``names`` on PATH."""
    return os.environ.get("CHROMIUM_PATH") or next(
        filter(None, map(shutil.which, names)), None
    )


def find_chromium() -> str | None:
    """A local Chrome/Chromium: $CHROMIUM_PATH, then the usual names on PATH.

    None means: let Playwright use its own downloaded browser, if it has one.
    """
    return _chromium(_BROWSER_NAMES)


def find_test_chromium() -> str | None:
    """What the browser tests drive: $CHROMIUM_PATH, then a headless shell on
    PATH, then the browser ``find_chromium`` finds."""
    return _chromium(_HEADLESS_SHELL_NAMES) or find_chromium()


NO_BROWSER = (
    "No Chrome or Chromium found. Install one (Debian/Ubuntu: `apt-get install "
    "chromium`; or `python -m playwright install chromium`), or point "
    "CHROMIUM_PATH at its executable."
)
