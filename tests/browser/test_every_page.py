"""Every page, in the light and the dark scheme: no accessibility violation
found by axe-core, no request to another origin, no console error."""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import watched
from tests.support.site import ROOT
from tools.checklist import DOCS

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def site_pages():
    """The URL path of every page, relative to the site root."""
    paths = []
    for doc in sorted(DOCS.rglob("*.md")):
        relative = doc.relative_to(DOCS).with_suffix("")
        paths.append("" if relative.name == "index" else relative.as_posix() + "/")
    return paths


@pytest.fixture(scope="module")
def axe_url(built_site, site_url):
    """axe-core's URL, served beside the built site: loaded from a URL, the
    browser compiles it once for all pages instead of once a page."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    # Into the run's shared build: whole or not at all, as another test process
    # may be reading it.
    copy = Path(tempfile.mkstemp(dir=built_site)[1])
    shutil.copyfile(AXE, copy)
    copy.replace(Path(built_site) / "axe-core-for-tests.min.js")
    return site_url + "axe-core-for-tests.min.js"


# The dark scheme changes colours only: its run checks the rules about colour.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules=None):
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate(
        "options => axe.run(document, options).then(r =>"
        " r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))",
        options,
    )


@pytest.fixture(scope="module")
def reading_page(browser, site_url):
    """One tab that reads page after page, as a reader's does: a fresh profile
    for each page would double the CPU time of this module, and these pages
    keep nothing in storage."""
    context = browser.new_context()
    yield watched(context.new_page(), site_url)
    context.close()


@pytest.fixture
def each_page(reading_page):
    reading_page.problems.clear()
    return reading_page


@pytest.mark.parametrize("path", site_pages())
def test_the_page_is_accessible_private_and_error_free(
    each_page, site_url, axe_url, path
):
    page = each_page
    found = {}
    page.emulate_media(color_scheme="light")
    page.goto(site_url + path)
    page.add_script_tag(url=axe_url)
    found["light"] = axe_violations(page)
    # What Material's dark-mode toggle does to the page; without the colour
    # transitions, so that axe reads the final colours.
    page.add_style_tag(content="* { transition: none !important; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    found["dark"] = axe_violations(page, COLOUR_RULES)
    assert found == {"light": [], "dark": []}
    assert page.problems == []


def test_the_404_page_is_served_with_its_status(page, site_url):
    response = page.goto(site_url + "no-such-page/")
    assert response.status == 404
    assert re.search("404", page.content())
    assert [p for p in page.problems if "404" not in p] == []


def test_these_are_all_the_pages_of_the_site(built_site):
    built = {
        p.parent.relative_to(built_site).as_posix() + "/"
        for p in Path(built_site).rglob("index.html")
    }
    assert {p or "./" for p in site_pages()} == built


def axe_both_schemes(page, axe_url):
    page.add_script_tag(url=axe_url)
    found = {"light": axe_violations(page)}
    page.add_style_tag(content="* { transition: none !important; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    found["dark"] = axe_violations(page, COLOUR_RULES)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    return found


def test_the_checklist_in_use_is_accessible(page, site_url, axe_url):
    """States the page load does not show: a note, a warning, an open menu,
    an empty list, several reviews."""
    page.emulate_media(color_scheme="light")
    page.goto(site_url + "handling-failure/time-limits/")
    page.locator("#note-time-limits").fill("y" * 301)
    expect(page.locator(".ctc-note-hint")).to_contain_text("Too long")
    assert axe_both_schemes(page, axe_url) == {"light": [], "dark": []}
    page.goto(site_url + "checklist/#review=second&done=time-limits")
    page.locator("summary", has_text="Actions").click()
    assert axe_both_schemes(page, axe_url) == {"light": [], "dark": []}
    for priority in ("must", "should", "could"):
        page.locator(f"#ctc-filter-{priority}").uncheck()
    expect(page.locator(".ctc-empty")).to_be_visible()
    assert axe_both_schemes(page, axe_url) == {"light": [], "dark": []}
    assert page.problems == []
