"""Item pages, the home page and the 404 page as a reader sees them: the
title's weight, where "Skip to content" lands, the good/bad cue on tabs (on
screen and on paper), diagrams per scheme, nothing wider than a phone."""

import pytest
from playwright.sync_api import expect

ITEM = "handling-failure/acks-late/"
PHONE = {"width": 390, "height": 844}


def font(page, selector):
    return page.eval_on_selector(
        selector,
        "el => { const s = getComputedStyle(el);"
        " return [parseInt(s.fontWeight), parseFloat(s.fontSize)]; }",
    )


def test_the_title_outweighs_the_headings_below_it(page, site_url):
    page.goto(site_url + ITEM)
    title_weight, title_size = font(page, ".md-content h1")
    for weight, size in page.eval_on_selector_all(
        ".md-content h2",
        "els => els.map(el => { const s = getComputedStyle(el);"
        " return [parseInt(s.fontWeight), parseFloat(s.fontSize)]; })",
    ):
        assert title_weight > weight
        assert title_size > size
    assert title_weight >= 700
    assert page.problems == []


def test_skip_to_content_lands_on_the_title_before_the_done_box(page, site_url):
    page.goto(site_url + ITEM)
    skip = page.locator(".md-skip")
    expect(skip).to_have_attribute("href", "#ctc-title")
    target = page.locator("#ctc-title")
    expect(target).to_have_count(1)
    assert target.evaluate("el => el.tagName") == "H1"
    assert page.evaluate(
        "document.getElementById('ctc-title').compareDocumentPosition("
        "document.querySelector('.ctc-done')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    # From the keyboard: the first Tab reaches the skip link, Enter follows it.
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(target).to_be_focused()
    assert page.problems == []


def test_skip_to_content_still_lands_on_the_title_after_instant_navigation(
    page, site_url
):
    page.goto(site_url)
    page.locator(".md-nav__link", has_text="What changed").first.click()
    page.wait_for_url("**/changes/")
    page.goto(site_url + "handling-failure/time-limits/")
    page.locator('a[href$="acks-late/"]').first.click()
    page.wait_for_url("**/" + ITEM)
    expect(page.locator(".md-skip")).to_have_attribute("href", "#ctc-title")
    assert page.problems == []


def mark(page, nth):
    return page.evaluate(
        "n => getComputedStyle(document.querySelector("
        "`.tabbed-labels > label:nth-child(${n})`), '::before').content",
        nth,
    )


@pytest.mark.parametrize("media", ["screen", "print"])
def test_tabs_carry_a_good_and_a_bad_mark(page, site_url, media):
    page.goto(site_url + ITEM)
    page.emulate_media(media=media)
    do, dont = mark(page, 1), mark(page, 2)
    assert "\u2713" in do
    assert "\u2717" in dont
    # The mark is decoration: its alternative text is empty, so a screen
    # reader reads the tab's own words.
    assert do.endswith('/ ""')
    assert dont.endswith('/ ""')
    labels = page.locator(".tabbed-labels").first.locator("label")
    expect(labels).to_have_text(["Do this", "Not this"])
    if media == "screen":
        # The mark sits beside the words, not on a line of its own.
        one_line = labels.nth(1).evaluate(
            "el => el.getBoundingClientRect().height"
            " < 2 * parseFloat(getComputedStyle(el).lineHeight)"
        )
        assert one_line
    if media == "print":
        # On paper both examples are printed, each under its label.
        expect(page.locator(".tabbed-block").nth(1)).to_be_visible()
        expect(labels.nth(1)).to_be_visible()
    assert page.problems == []


def test_the_lesson_line_is_highlighted(page, site_url):
    page.goto(site_url + ITEM)
    highlighted = page.locator(".tabbed-block").first.locator(".hll")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text("acks_late=True")
    background = highlighted.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_each_scheme_shows_its_own_diagram(page, site_url, scheme):
    page.goto(site_url + ITEM)
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    shown, hidden = ("light", "dark") if scheme == "default" else ("dark", "light")
    for name in ("acks-late", "visibility-timeout"):
        expect(page.locator(f'img[src*="{name}-{shown}.svg"]')).to_be_visible()
        expect(page.locator(f'img[src*="{name}-{hidden}.svg"]')).to_be_hidden()
    for img in page.locator("img.ctc-diagram:visible").all():
        img.scroll_into_view_if_needed()
        loaded = "i => i.complete && i.naturalWidth > 0"
        page.wait_for_function(loaded, arg=img.element_handle())
    assert page.problems == []


def test_a_diagram_prints_in_its_light_variant_from_the_dark_scheme(page, site_url):
    page.goto(site_url + ITEM)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.emulate_media(media="print")
    expect(page.locator('img[src*="acks-late-light.svg"]')).to_be_visible()
    expect(page.locator('img[src*="acks-late-dark.svg"]')).to_be_hidden()
    assert page.problems == []


@pytest.mark.parametrize(
    "path", ["", ITEM, "handling-failure/exponential-backoff/", "about/", "changes/"]
)
def test_nothing_is_wider_than_a_phone(context, site_url, path):
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(site_url + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    # A diagram keeps a readable width and scrolls inside its own box, which
    # the keyboard can reach.
    for img in phone.locator("img.ctc-diagram:visible").all():
        assert img.bounding_box()["width"] >= 600
        box = img.locator("xpath=..")
        assert box.bounding_box()["width"] <= PHONE["width"]
        assert box.get_attribute("tabindex") == "0"
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")


def test_a_diagram_box_takes_focus_only_where_it_scrolls(page, site_url):
    page.goto(site_url + ITEM)
    box = page.locator("p:has(> img.ctc-diagram)").first
    expect(box).not_to_have_attribute("tabindex", "0")
    page.set_viewport_size(PHONE)
    expect(box).to_have_attribute("tabindex", "0")
    assert page.problems == []


def test_the_home_page_front_door(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(site_url)
    ways = page.locator(".ctc-ways-in")
    five = ways.get_by_role("link", name="Celery in five minutes")
    review = ways.get_by_role("link", name="Open the checklist")
    expect(five).to_be_visible()
    expect(review).to_be_visible()
    # Both ways in are on the first screen of a phone.
    for link in (five, review):
        box = link.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"]
        assert box["height"] >= 24
    expect(page.locator(".ctc-reading-path tbody tr").first).to_contain_text("min")
    assert page.problems == []


def test_the_footer_version_line_opens_what_changed(page, site_url):
    page.goto(site_url + ITEM)
    page.locator(".ctc-version").click()
    page.wait_for_url("**/changes/")
    expect(page.locator("h1")).to_contain_text("What changed")
    assert page.problems == []


def test_the_404_page_offers_the_checklist_and_opens_search(page, site_url):
    page.goto(site_url + "no-such-page/")
    expect(page.get_by_role("link", name="Open the checklist")).to_be_visible()
    page.get_by_role("button", name="Search the site").click()
    expect(page.locator(".md-search__input")).to_be_focused()
    assert [p for p in page.problems if "404" not in p] == []


def test_the_404_page_is_accessible_in_both_schemes(page, site_url):
    from tests.browser.test_every_page import AXE, COLOUR_RULES, axe_violations

    page.goto(site_url + "no-such-page/")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    assert axe_violations(page) == []
    page.add_style_tag(content="* { transition: none !important; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert axe_violations(page, COLOUR_RULES) == []
