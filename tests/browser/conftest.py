"""Fixtures for tests that drive a real Chromium against the built site."""

import functools
import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.support.site import (
    CHROMIUM_FLAGS,
    NO_BROWSER,
    find_test_chromium,
    serve,
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in /) of the built site served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API leaves its event loop marked as running in this
    # thread, even once closed; Django then refuses database access from the
    # thread. Playwright's documented answer for Django test suites is this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=find_test_chromium(),
                args=CHROMIUM_FLAGS,
            )
        except PlaywrightError as error:
            pytest.fail(f"{NO_BROWSER}\n{error}")
        yield launched
        launched.close()


@pytest.fixture
def context(browser, built_site):
    """A fresh browser profile: empty storage, clipboard allowed, and an empty
    search index (``without_search_index``)."""
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    without_search_index(ctx, built_site)
    yield ctx
    ctx.close()


def without_search_index(context, built_site):
    """Serve ``context`` Material's search index with no pages in it.

    Each page load builds the search index in a web worker: 0.24 of the 0.8
    CPU seconds a load costs the browser here, the largest share of the
    browser tests' time. These tests are about the pages and the checklist
    tool, not search results; test_every_page.py loads every page with the
    real index, as readers get it, and finds any error it causes.
    """
    empty = _empty_search_index(str(built_site))
    context.route(
        "**/search/search_index.json",
        lambda route: route.fulfill(body=empty, content_type="application/json"),
    )


@functools.cache
def _empty_search_index(built_site: str) -> str:
    index = json.loads((Path(built_site) / "search/search_index.json").read_text())
    return json.dumps({"config": index["config"], "docs": []})


@pytest.fixture
def page(context, site_url):
    """A page that records console errors, uncaught exceptions, failed requests
    and any request to another origin.

    ``page.problems`` lists them; most tests end with ``assert page.problems == []``.
    """
    return watched(context.new_page(), site_url)


def watched(new_page, site_url):
    """``new_page`` with ``.problems``: what the ``page`` fixture records."""
    new_page.problems = []
    own = (site_url, "data:", "blob:")
    new_page.on(
        "request",
        lambda r: (
            r.url.startswith(own)
            or new_page.problems.append(f"request to another origin: {r.url}")
        ),
    )
    # ERR_ABORTED: a request cut short by the test moving on to the next page.
    new_page.on(
        "requestfailed",
        lambda r: (
            r.failure == "net::ERR_ABORTED"
            or new_page.problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    new_page.on(
        "console",
        lambda m: m.type == "error" and new_page.problems.append(f"console: {m.text}"),
    )
    new_page.on("pageerror", lambda e: new_page.problems.append(f"uncaught: {e}"))
    return new_page
