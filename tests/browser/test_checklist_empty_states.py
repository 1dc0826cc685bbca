"""What the overview shows when filters leave little or nothing to show."""

from playwright.sync_api import expect

from tests.browser.checklist_helpers import ITEMS


def visible_bars(page):
    return page.eval_on_selector_all(
        "p.ctc-category-progress",
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.textContent)",
    )


def test_a_hidden_category_hides_its_progress_bar(page, site_url):
    page.goto(site_url + "checklist/")
    page.locator("#ctc-filter-must").uncheck()
    page.locator("#ctc-filter-should").uncheck()
    # Only "could" items: categories without one show no bar.
    categories_with_could = {i.category for i in ITEMS if i.priority == "could"}
    assert len(visible_bars(page)) == len(categories_with_could)
    page.locator("#ctc-filter-must").check()
    page.locator("#ctc-filter-should").check()
    for item in ITEMS:
        if item.category == "Calling tasks":
            page.get_by_label(item.title, exact=True).check()
    page.locator("#ctc-hide-done").check()
    expect(page.get_by_role("heading", name="Calling tasks")).to_be_hidden()
    assert not any("Calling" in bar for bar in visible_bars(page))
    assert len(visible_bars(page)) == len({i.category for i in ITEMS}) - 1
    assert page.problems == []


def test_no_priority_chosen_says_that_no_item_matches(page, site_url):
    page.goto(site_url + "checklist/")
    empty = page.locator(".ctc-empty")
    expect(empty).to_be_hidden()
    for priority in ("must", "should", "could"):
        page.locator(f"#ctc-filter-{priority}").uncheck()
    assert visible_bars(page) == []
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No item matches")
    expect(empty).to_contain_text("choose must, should or could")
    page.locator("#ctc-filter-could").check()
    expect(empty).to_be_hidden()
    assert page.problems == []


def test_everything_done_and_hidden_says_so(page, site_url):
    ids = ",".join(i.id for i in ITEMS)
    page.goto(site_url + f"checklist/#review=all&done={ids}")
    page.locator("#ctc-hide-done").check()
    assert visible_bars(page) == []
    empty = page.locator(".ctc-empty")
    expect(empty).to_contain_text("No item matches")
    expect(empty).to_contain_text("every item shown is done")
    assert page.problems == []
