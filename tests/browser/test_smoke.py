"""The exemplar pages render in a real browser: tabs, included code, no errors."""

import re

from playwright.sync_api import expect


def test_canvas_page_shows_included_code_in_tabs(page, site_url):
    page.goto(site_url + "workflows-and-routing/canvas/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compose work with canvas"
    )
    expect(page.locator(".tabbed-labels label")).to_have_count(2)
    expect(page.get_by_text("chord(add.s(n, n) for n in numbers)")).to_be_visible()
    page.get_by_text("Not this", exact=True).click()
    expect(page.get_by_text("add.delay(n, n).get(timeout=timeout)")).to_be_visible()
    assert page.problems == []


def test_pass_ids_page_shows_priority_and_summary(page, site_url):
    page.goto(site_url + "calling-tasks/pass-ids-not-objects/")
    expect(page.locator(".ctc-priority")).to_have_text(re.compile("must", re.I))
    expect(page.locator(".ctc-summary")).to_contain_text("primary key")
    expect(page.get_by_text("Event.objects.get(id=event_id)")).to_be_visible()
    assert page.problems == []
