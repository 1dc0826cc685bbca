"""The checklist on a 390 by 844 px phone: the first item above the fold, progress
in view while scrolling, no sideways scrolling, targets of 24 px or more."""

import pytest
from playwright.sync_api import expect

from tests.browser.checklist_helpers import press
from tests.browser.conftest import without_search_index

PHONE = {"width": 390, "height": 844}
HEADER = 48  # Material's sticky header, 2.4rem
PAGES = ["checklist/", "handling-failure/time-limits/", "workflows-and-routing/canvas/"]
CONTROLS = "input, select, textarea, button, summary, [role=button], [tabindex='0']"


@pytest.fixture
def phone(browser, site_url, built_site):
    context = browser.new_context(
        viewport=PHONE, permissions=["clipboard-read", "clipboard-write"]
    )
    without_search_index(context, built_site)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def scroll_width(page):
    return page.evaluate("document.scrollingElement.scrollWidth")


def small_targets(page):
    """Visible controls smaller than 24 by 24 px, as 'tag#id text: WxH'.
    Material's closed search form lies off screen, left of the page."""
    return page.eval_on_selector_all(
        CONTROLS,
        """nodes => nodes
          .filter(n => n.checkVisibility(
            {visibilityProperty: true, opacityProperty: true}))
          .map(n => [n, n.getBoundingClientRect()])
          .filter(([n, r]) => r.width > 0 && r.right > 0 && r.left < innerWidth)
          .filter(([n, r]) => r.width < 24 || r.height < 24)
          .map(([n, r]) => n.tagName + "#" + n.id + " "
            + n.textContent.trim().slice(0, 20)
            + ": " + Math.round(r.width) + "x" + Math.round(r.height))""",
    )


def test_the_first_item_is_above_the_fold(phone, site_url):
    phone.goto(site_url + "checklist/")
    box = phone.locator("input.ctc-check").first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]


def test_progress_and_only_whats_left_stay_in_view(phone, site_url):
    phone.goto(site_url + "checklist/")
    phone.get_by_label(
        "Debug a running task with rdb", exact=True
    ).scroll_into_view_if_needed()
    for control in ("#ctc-progress-label", "#ctc-hide-done"):
        box = phone.locator(control).bounding_box()
        assert box["y"] >= HEADER
        assert box["y"] + box["height"] <= PHONE["height"]
    # Material's "Back to top" button, shown when scrolling up, stays clear.
    back = phone.locator(".md-top").bounding_box()
    bar = phone.locator(".ctc-bar").bounding_box()
    assert back["y"] >= bar["y"] + bar["height"]
    phone.locator("#ctc-hide-done").check()  # reachable where it is
    expect(phone.locator("#ctc-hide-done")).to_be_checked()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_and_every_target_is_big_enough(phone, site_url, path):
    phone.goto(site_url + path)
    assert scroll_width(phone) <= PHONE["width"]
    assert small_targets(phone) == []


def test_a_long_review_name_fits_on_an_item_page(phone, site_url):
    name = "x" * 80
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.goto(site_url + "checklist/#review=first&done=acks-late")
    phone.goto(site_url + f"checklist/#review={name}&done=time-limits")
    expect(phone.locator("#ctc-review option")).to_have_count(2)
    phone.goto(site_url + "handling-failure/time-limits/")
    expect(phone.locator(".ctc-review-name").first).to_be_visible()
    assert scroll_width(phone) <= PHONE["width"]
    label = phone.locator("label[for=check-time-limits]").evaluate(
        "l => Math.max(...[...l.getClientRects()].map(r => r.right))"
    )
    assert label <= PHONE["width"]


def test_open_menus_fit_the_screen_with_big_enough_targets(phone, site_url):
    phone.goto(site_url + "checklist/")
    for menu in ("Actions", "Export"):
        phone.locator("summary", has_text=menu).click()
        assert scroll_width(phone) <= PHONE["width"]
        assert small_targets(phone) == []
        body = phone.locator("details[open] .ctc-menu-body").bounding_box()
        assert body["x"] >= 0
        assert body["x"] + body["width"] <= PHONE["width"]
    press(phone, "Copy as Markdown")
    expect(phone.locator("details[open]")).to_have_count(0)
