"""Filters by priority and "hide done", on the overview."""

from playwright.sync_api import expect

from tests.browser.checklist_helpers import ITEMS


def visible_ids(page):
    return page.eval_on_selector_all(
        "input.ctc-check",
        "boxes => boxes.filter(b => b.checkVisibility()).map(b => b.dataset.id)",
    )


def test_priority_filters_and_hide_done(page, site_url):
    page.goto(site_url + "checklist/")
    page.locator("#ctc-filter-should").uncheck()
    page.locator("#ctc-filter-could").uncheck()
    must = [i.id for i in ITEMS if i.priority == "must"]
    assert visible_ids(page) == must
    page.get_by_label("Set time limits", exact=True).check()
    page.get_by_label("Only what's left", exact=True).check()
    assert visible_ids(page) == [i for i in must if i != "time-limits"]
    # A category with nothing left to show hides its heading too.
    page.locator("#ctc-filter-must").uncheck()
    page.locator("#ctc-filter-could").check()
    expect(page.get_by_role("heading", name="Calling tasks")).to_be_hidden()
    expect(page.get_by_role("heading", name="Writing tasks")).to_be_visible()
    # Filters are kept across a reload.
    page.reload()
    expect(page.locator("#ctc-filter-must")).not_to_be_checked()
    assert visible_ids(page) == [i.id for i in ITEMS if i.priority == "could"]
    assert page.problems == []


def test_print_shows_the_list_with_boxes_and_no_navigation(page, site_url):
    page.goto(site_url + "checklist/")
    page.get_by_label("Set time limits", exact=True).check()
    page.emulate_media(media="print")
    expect(page.locator("#ctc-toolbar")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.get_by_label("Set time limits", exact=True)).to_be_checked()
    expect(page.locator("input.ctc-check").first).to_be_visible()
    # Whose review, its progress and the day it was printed.
    today = page.evaluate(
        "new Date().toLocaleDateString(undefined,"
        " {year: 'numeric', month: 'long', day: 'numeric'})"
    )
    expect(page.locator(".ctc-print-summary")).to_have_text(
        f"Review “My review”: 1 of {len(ITEMS)} done, printed on {today}."
    )
    expect(page.locator(".ctc-print-summary")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".ctc-print-summary")).to_be_hidden()
    assert page.problems == []
