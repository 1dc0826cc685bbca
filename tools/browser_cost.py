"""What a page load costs the browser tests, in CPU seconds: a benchmark.

The browser tests drive Chromium's headless shell where it is installed
(``tests/support/site.py``), because the suite runs on two busy cores. This
loads the first pages of the built site, each in a fresh profile as most
browser tests do, in each browser found, and prints the machine's CPU time per
page load (measure on an otherwise idle machine).

    python -m tools.browser_cost [--pages N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.site import (
    CHROMIUM_FLAGS,
    build_site,
    find_chromium,
    find_test_chromium,
    serve,
)


def cpu_seconds() -> float:
    """User and system time of the whole machine, over both cores."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system = (int(field) for field in fields[:3])
    return (user + nice + system) / os.sysconf("SC_CLK_TCK")


def per_page_load(executable: str, flags: list[str], urls: list[str]) -> float:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=flags)
        start = cpu_seconds()
        for url in urls:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url)
            page.wait_for_timeout(300)  # the scripts started by the load run
            context.close()
        spent = cpu_seconds() - start
        browser.close()
    return spent / len(urls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=16)
    args = parser.parse_args()
    browsers = {
        "browser": (find_chromium(), CHROMIUM_FLAGS),
        "tests' browser": (find_test_chromium(), CHROMIUM_FLAGS),
    }
    with tempfile.TemporaryDirectory() as folder:
        site = build_site(Path(folder) / "site")
        paths = sorted(
            p.parent.relative_to(site).as_posix()
            for p in site.rglob("index.html")
            if p.parent != site
        )[: args.pages]
        with serve(site) as base:
            urls = [base + path + "/" for path in paths]
            for label, (executable, flags) in browsers.items():
                if executable is None:
                    print(f"{label}: none found")
                    continue
                cost = per_page_load(executable, flags, urls)
                name = shutil.which(executable) or executable
                print(f"{label:40} {cost:5.2f} s per page load  ({name})")


if __name__ == "__main__":
    main()
