"""Corrupt storage and hostile links: the page works, ignores what it cannot
use, says so, never inserts it as HTML, and throws no uncaught error."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.checklist_helpers import KEY, store, stored, ticked

HOSTILE = '<img src=x onerror="window.pwned=1">'


def reopen(page, site_url, value):
    page.goto(site_url + "checklist/")
    store(page, value)
    page.reload()


@pytest.mark.parametrize(
    "value",
    [
        "{not json",
        "[1, 2, 3]",
        "null",
        json.dumps({"version": 99, "reviews": {}}),
        json.dumps({"version": 1, "reviews": "none"}),
        json.dumps({"version": 1, "reviews": {"__proto__": {"done": ["x"]}}}),
    ],
)
def test_unreadable_storage_is_set_aside_and_a_fresh_list_starts(page, site_url, value):
    reopen(page, site_url, value)
    expect(page.get_by_role("status")).to_contain_text("could not be read")
    assert ticked(page) == []
    assert page.evaluate(f"localStorage.getItem({KEY + ':unreadable'!r})") == value
    page.get_by_label("Set time limits", exact=True).check()
    assert json.loads(stored(page))["reviews"]["default"]["done"] == ["time-limits"]
    assert page.problems == []


def test_foreign_ids_and_html_in_storage_are_ignored_or_shown_as_text(page, site_url):
    state = {
        "version": 1,
        "current": "review-1",
        "reviews": {
            "review-1": {
                "name": HOSTILE,
                "done": ["time-limits", "time-limits", "gone-item", HOSTILE, 42],
            },
            "bad key!": {"name": "x", "done": []},
        },
        "filters": {"priorities": "all", "hideDone": "yes"},
    }
    reopen(page, site_url, json.dumps(state))
    assert ticked(page) == ["time-limits"]
    expect(page.locator("#ctc-review option")).to_have_text([HOSTILE])
    assert page.locator("#ctc-toolbar img").count() == 0
    assert page.evaluate("window.pwned") is None
    page.get_by_label("Make tasks atomic", exact=True).check()
    saved = json.loads(stored(page))
    assert saved["reviews"]["review-1"]["done"] == ["time-limits", "atomic-tasks"]
    assert list(saved["reviews"]) == ["review-1"]
    assert page.problems == []


@pytest.mark.parametrize(
    ("link", "notice"),
    [
        ("#done=" + "time-limits," * 400, "too long"),
        ("#done=%%%,<script>alert(1)</script>", "names no item"),
        ("#done=no-such-item,another", "names no item"),
    ],
)
def test_bad_share_links_change_nothing_and_say_so(page, site_url, link, notice):
    page.goto(site_url + "checklist/")
    page.get_by_label("Make tasks atomic", exact=True).check()
    before = stored(page)
    page.goto(site_url + "checklist/" + link)
    expect(page.get_by_role("status")).to_contain_text(notice)
    assert ticked(page) == ["atomic-tasks"]
    assert stored(page) == before
    assert page.problems == []


def test_a_link_with_html_in_the_name_and_some_unknown_ids(page, site_url):
    page.goto(
        site_url + "checklist/#review=" + HOSTILE + "&done=time-limits,nope,time-limits"
    )
    expect(page.locator("#ctc-review option")).to_have_text([HOSTILE])
    assert ticked(page) == ["time-limits"]
    expect(page.get_by_role("status")).to_contain_text(
        "2 unknown or repeated items in the link were ignored"
    )
    assert page.evaluate("window.pwned") is None
    assert page.problems == []
