"""Ticking items: real checkboxes, saved per item id, in sync across pages."""

import json

from playwright.sync_api import expect

from tests.browser.checklist_helpers import IDS, ITEMS, KEY, stored, ticked


def test_every_item_has_a_labelled_checkbox(page, site_url):
    page.goto(site_url + "checklist/")
    for item in ITEMS:
        expect(page.get_by_label(item.title, exact=True)).to_be_visible()
    assert page.locator("input.ctc-check").count() == len(ITEMS)
    assert page.problems == []


def test_without_javascript_the_list_is_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "checklist/")
    expect(page.locator("input.ctc-check")).to_have_count(len(ITEMS))
    expect(page.get_by_text("Why and how").first).to_be_visible()
    expect(page.locator("#ctc-toolbar")).to_be_hidden()
    expect(page.locator(".ctc-bar")).to_be_hidden()
    page.goto(site_url + "handling-failure/time-limits/")
    expect(page.locator(".ctc-done")).to_have_count(2)
    expect(page.locator(".ctc-done").first).to_be_hidden()  # it could not save
    expect(page.locator(".ctc-done").last).to_be_hidden()
    context.close()


def test_ticks_survive_a_reload_and_are_stored_by_id(page, site_url):
    page.goto(site_url + "checklist/")
    page.get_by_label("Set time limits", exact=True).check()
    page.get_by_label("Use JSON, never pickle", exact=True).check()
    page.reload()
    assert ticked(page) == ["time-limits", "json-not-pickle"]
    saved = json.loads(stored(page))
    assert saved["version"] == 1
    assert saved["reviews"][saved["current"]]["done"] == [
        "time-limits",
        "json-not-pickle",
    ]
    assert KEY in page.evaluate("Object.keys(localStorage)")
    assert page.problems == []


def test_item_pages_and_the_overview_stay_in_sync(page, site_url):
    page.goto(site_url + "checklist/")
    page.get_by_label("Make tasks idempotent", exact=True).check()
    # Instant navigation: the page changes without a full load.
    page.get_by_role("link", name="Make tasks idempotent: why and how").click()
    page.wait_for_url("**/writing-tasks/idempotent-tasks/")
    box = page.locator("#check-idempotent-tasks")
    expect(box).to_be_checked()
    expect(page.locator(".ctc-done label").first).to_have_text(
        "Mark as done (saved in this browser)"
    )
    box.uncheck()
    page.get_by_role("link", name="the whole checklist").click()
    page.wait_for_url("**/checklist/")
    expect(page.get_by_label("Make tasks idempotent", exact=True)).not_to_be_checked()
    page.goto(site_url + "handling-failure/acks-late/")
    page.locator("#check-acks-late").check()
    page.goto(site_url + "checklist/")
    assert ticked(page) == ["acks-late"]
    assert page.problems == []


def test_progress_overall_and_per_category(page, site_url):
    page.goto(site_url + "checklist/")
    progress = page.locator("#ctc-progress")
    expect(progress).to_have_attribute("max", str(len(ITEMS)))
    expect(page.locator("#ctc-progress-label")).to_have_text(f"0 of {len(IDS)} done")
    expect(page.locator("#ctc-progress-label")).to_have_attribute("aria-live", "polite")
    page.get_by_label("Pass IDs, not objects", exact=True).check()
    page.get_by_label("Compose work with canvas", exact=True).check()
    expect(page.locator("#ctc-progress-label")).to_have_text(f"2 of {len(IDS)} done")
    assert progress.evaluate("p => p.value") == 2
    calling = page.get_by_role("progressbar", name="Calling tasks progress")
    assert calling.evaluate("p => [p.value, p.max]") == [1, 3]
    expect(page.locator(".ctc-category-progress").first).to_contain_text("1 of 3 done")
    assert page.problems == []


def test_keyboard_alone_ticks_and_reaches_every_control(page, site_url):
    page.goto(site_url + "checklist/")
    box = page.get_by_label("Set time limits", exact=True)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    outline = box.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"  # a visible focus ring
    page.locator("#ctc-review").focus()
    names = []
    for _ in range(2):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent"))
    assert names == ["Actions", "Export"]
    page.keyboard.press("Enter")  # opens the Export menu
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Copy as Markdown"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.textContent") == "Export"
    expect(page.get_by_role("button", name="Copy as Markdown")).to_be_hidden()
    page.keyboard.press("Enter")
    for _ in range(4):  # through the menu's three buttons and out of it
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ctc-filter-must"
    expect(page.get_by_role("button", name="Copy as Markdown")).to_be_hidden()
    page.locator("#ctc-filter-must").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Set time limits", exact=True)).to_be_hidden()
    assert page.problems == []
