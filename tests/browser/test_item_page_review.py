"""An item page's done control, at the top and at the end, and the next item
not yet done."""

from playwright.sync_api import expect

from tests.browser.checklist_helpers import ITEMS, press, stored
from tests.browser.test_checklist_reviews import answer_dialogs

PLAIN = "Mark as done (saved in this browser)"


def test_the_done_control_says_what_it_does_at_both_ends(page, site_url):
    page.goto(site_url + "handling-failure/time-limits/")
    top = page.locator("#check-time-limits")
    end = page.locator("#check-time-limits-end")
    expect(page.get_by_label(PLAIN, exact=True)).to_have_count(2)
    end.check()
    expect(top).to_be_checked()
    assert '"done":["time-limits"]' in stored(page)
    top.uncheck()
    expect(end).not_to_be_checked()
    assert '"done":[]' in stored(page)
    assert page.problems == []


def test_the_review_is_named_only_when_there_are_several(page, site_url):
    page.goto(site_url + "checklist/")
    answer_dialogs(page, "send_newsletter")
    press(page, "New review")
    page.goto(site_url + "handling-failure/time-limits/")
    named = "Mark as done in review “send_newsletter” (saved in this browser)"
    expect(page.get_by_label(named, exact=True)).to_have_count(2)
    assert page.problems == []


def test_the_end_links_to_the_next_item_not_yet_done(page, site_url):
    order = [item.id for item in ITEMS]
    here = order.index("time-limits")
    after, then = ITEMS[here + 1], ITEMS[here + 2]
    page.goto(site_url + after.url)
    page.locator(f"#check-{after.id}").check()
    page.goto(site_url + "handling-failure/time-limits/")
    next_link = page.locator(".ctc-next a")
    expect(next_link).to_have_text(then.title)
    expect(next_link).to_have_attribute("href", site_url + then.url)
    # Ticking here changes nothing about what comes next; unticking the
    # skipped item brings it back.
    page.locator("#check-time-limits-end").check()
    expect(next_link).to_have_text(then.title)
    next_link.click()
    page.wait_for_url(site_url + then.url)
    assert page.problems == []


def test_with_everything_else_done_the_end_says_so(page, site_url):
    others = ",".join(item.id for item in ITEMS if item.id != "time-limits")
    page.goto(site_url + f"checklist/#review=all&done={others}")
    page.goto(site_url + "handling-failure/time-limits/")
    expect(page.locator(".ctc-next")).to_contain_text("this is the last one")
    page.locator("#check-time-limits").check()
    expect(page.locator(".ctc-next")).to_contain_text("Every item is done")
    expect(page.locator(".ctc-next a")).to_have_attribute(
        "href", site_url + "checklist/"
    )
    assert page.problems == []
