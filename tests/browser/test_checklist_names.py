"""Review names: long ones, and a review's own share link opened again."""

from playwright.sync_api import expect

from tests.browser.checklist_helpers import press, ticked
from tests.browser.test_checklist_reviews import answer_dialogs

LONG = "refresh_statistics_for_every_partner_account_of_the_platform_" * 3
PHONE = {"width": 390, "height": 844}


def options(page):
    return page.locator("#ctc-review option").all_text_contents()


def test_a_long_name_is_shortened_with_a_word_and_fits_a_phone(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "checklist/")
    answer_dialogs(page, LONG)
    press(page, "New review")
    expect(page.locator("#ctc-review option")).to_have_count(2)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("status")).to_contain_text("shortened to 80 characters")
    assert options(page) == ["My review", LONG[:80]]
    assert page.problems == []


def test_a_long_name_in_a_share_link_is_shortened_with_a_word(page, site_url):
    page.goto(site_url + "checklist/#review=" + LONG + "&done=time-limits")
    expect(page.get_by_role("status")).to_contain_text("shortened to 80 characters")
    assert options(page) == [LONG[:80]]
    assert page.problems == []


def copy_share_link(page):
    press(page, "Copy share link")
    expect(page.get_by_role("status")).to_contain_text("Copied a link")
    return page.evaluate("navigator.clipboard.readText()")


def test_opening_your_own_share_link_opens_the_same_review(page, site_url):
    page.goto(site_url + "checklist/")
    asked = answer_dialogs(page, "send_newsletter", True, True)
    press(page, "New review")
    page.get_by_label("Set time limits", exact=True).check()
    link = copy_share_link(page)
    page.get_by_label("Review", exact=True).select_option(label="My review")
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("already in this browser")
    assert options(page) == ["My review", "send_newsletter"]
    expect(page.get_by_label("Review", exact=True)).to_have_value("review-1")
    assert ticked(page) == ["time-limits"]
    assert asked == ["Name of the new review (for example, the task under review):"]
    assert page.problems == []


def test_a_changed_review_with_the_same_name_comes_in_under_its_own_name(
    page, site_url
):
    page.goto(site_url + "checklist/")
    asked = answer_dialogs(page, "send_newsletter", True)
    press(page, "New review")
    page.get_by_label("Set time limits", exact=True).check()
    link = copy_share_link(page)
    page.get_by_label("Make tasks atomic", exact=True).check()
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text(
        "Opened shared review “send_newsletter (2)” as a new review"
    )
    assert options(page) == ["My review", "send_newsletter", "send_newsletter (2)"]
    assert ticked(page) == ["time-limits"]
    page.get_by_label("Review", exact=True).select_option(label="send_newsletter")
    assert ticked(page) == ["atomic-tasks", "time-limits"]  # yours, untouched
    assert "already have a review “send_newsletter”" in asked[1]
    assert page.problems == []
