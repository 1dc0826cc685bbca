"""Fixtures for tests that drive a real Chromium against the built site."""

import os

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
def context(browser):
    """A fresh browser profile: empty storage, clipboard allowed."""
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


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
