"""Notes per item: kept with the ticks, shown as text, exported, shared when
the link stays short enough."""

import json

from playwright.sync_api import expect

from tests.browser.checklist_helpers import (
    ITEMS,
    KEY,
    expected_markdown,
    press,
    store,
    stored,
    ticked,
)
from tests.browser.test_checklist_export import clipboard

HOSTILE = '<img src=x onerror="window.pwned=1">'
NOTE = "N/A: read-only task"


def write_note(page, site_url, item_id, path, text):
    page.goto(site_url + path)
    page.locator(f"#note-{item_id}").fill(text)


def test_a_note_survives_a_reload_and_shows_on_the_overview(page, site_url):
    write_note(page, site_url, "time-limits", "handling-failure/time-limits/", NOTE)
    page.reload()
    expect(page.locator("#note-time-limits")).to_have_value(NOTE)
    saved = json.loads(stored(page))
    assert saved["reviews"]["default"]["notes"] == {"time-limits": NOTE}
    page.goto(site_url + "checklist/")
    item = page.locator("li", has=page.locator("#check-time-limits"))
    expect(item.locator(".ctc-note-shown:visible")).to_have_text("Note: " + NOTE)
    assert page.problems == []


def test_the_markdown_export_has_priorities_and_notes(page, site_url):
    write_note(page, site_url, "time-limits", "handling-failure/time-limits/", NOTE)
    page.locator("#check-time-limits").check()
    page.goto(site_url + "checklist/")
    press(page, "Copy as Markdown")
    expected = expected_markdown(
        site_url, "My review", {"time-limits"}, {"time-limits": NOTE}
    )
    assert clipboard(page) == expected
    assert "- [x] [Set time limits]" in expected
    assert "(must)\n  Note: N/A" in expected
    assert page.problems == []


def test_a_hostile_note_is_text_never_html(page, site_url):
    write_note(page, site_url, "acks-late", "handling-failure/acks-late/", HOSTILE)
    page.reload()
    expect(page.locator("#note-acks-late")).to_have_value(HOSTILE)
    page.goto(site_url + "checklist/")
    expect(page.locator(".ctc-note-shown:visible")).to_have_text("Note: " + HOSTILE)
    assert page.locator("article img[src=x]").count() == 0
    press(page, "Copy share link")
    expect(page.get_by_role("status")).to_contain_text("Copied a link")
    fresh = page.context.browser.new_context()
    other = fresh.new_page()
    other.goto(clipboard(page))
    expect(other.locator(".ctc-note-shown:visible")).to_have_text("Note: " + HOSTILE)
    assert other.locator("article img[src=x]").count() == 0
    assert other.evaluate("window.pwned") is None
    assert page.evaluate("window.pwned") is None
    fresh.close()
    assert page.problems == []


def test_notes_travel_in_a_share_link(page, browser, site_url):
    write_note(page, site_url, "time-limits", "handling-failure/time-limits/", NOTE)
    page.locator("#check-time-limits").check()
    page.goto(site_url + "checklist/")
    press(page, "Copy share link")
    expect(page.get_by_role("status")).to_have_text(
        "Copied a link to review “My review”."
    )
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(clipboard(page))
    assert ticked(other) == ["time-limits"]
    expect(other.locator(".ctc-note-shown:visible")).to_have_text("Note: " + NOTE)
    other.goto(site_url + "handling-failure/time-limits/")
    expect(other.locator("#note-time-limits")).to_have_value(NOTE)
    fresh.close()
    assert page.problems == []


def test_notes_too_long_for_a_link_are_left_out_and_it_says_so(page, browser, site_url):
    page.goto(site_url + "checklist/")
    long_notes = {item.id: "x" * 300 for item in ITEMS}
    state = {
        "version": 1,
        "current": "default",
        "reviews": {
            "default": {"name": "big", "done": ["time-limits"], "notes": long_notes}
        },
    }
    store(page, json.dumps(state))
    page.reload()
    press(page, "Copy share link")
    expect(page.get_by_role("status")).to_contain_text(
        "with its ticks only: its notes would make the link too long"
    )
    link = clipboard(page)
    assert "note-" not in link
    assert len(link) < 4096
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(link)
    assert ticked(other) == ["time-limits"]
    expect(other.locator(".ctc-note-shown:visible")).to_have_count(0)
    fresh.close()
    assert page.problems == []


def test_a_note_longer_than_the_limit_says_what_is_kept(page, site_url):
    write_note(
        page, site_url, "time-limits", "handling-failure/time-limits/", "y" * 340
    )
    expect(page.locator(".ctc-note-hint")).to_have_text(
        "Too long: 340 characters; only the first 300 are saved."
    )
    saved = json.loads(stored(page))
    assert saved["reviews"]["default"]["notes"]["time-limits"] == "y" * 300
    assert page.problems == []


def test_bad_notes_in_storage_are_set_aside_and_the_rest_is_kept(page, site_url):
    page.goto(site_url + "checklist/")
    state = {
        "version": 1,
        "current": "default",
        "reviews": {
            "default": {
                "name": "mine",
                "done": ["time-limits"],
                "notes": {"time-limits": NOTE, "acks-late": 42, "gone": "x"},
            },
            "review-1": {"name": "other", "done": [], "notes": "not an object"},
        },
    }
    raw = json.dumps(state)
    store(page, raw)
    page.reload()
    expect(page.get_by_role("status")).to_contain_text(
        "Some saved notes could not be read; a copy was set aside"
    )
    assert ticked(page) == ["time-limits"]
    expect(page.locator(".ctc-note-shown:visible")).to_have_text(["Note: " + NOTE])
    assert page.evaluate(f"localStorage.getItem({KEY + ':set-aside'!r})") == raw
    page.get_by_label("Make tasks atomic", exact=True).check()
    saved = json.loads(stored(page))
    assert saved["reviews"]["default"]["notes"] == {"time-limits": NOTE}
    assert saved["reviews"]["review-1"]["name"] == "other"
    assert page.problems == []
