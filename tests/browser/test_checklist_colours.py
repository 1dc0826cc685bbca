"""Progress and boxes read right in the dark scheme and on paper."""

import pytest

from tests.browser.checklist_helpers import brightness


@pytest.mark.parametrize(
    "selector", ["#ctc-progress", "p.ctc-category-progress progress"]
)
def test_an_empty_progress_bar_looks_empty_in_the_dark_scheme(page, site_url, selector):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "checklist/")
    page.add_style_tag(content="* { transition: none !important; }")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    empty = brightness(page, page.locator(selector).first)
    background = brightness(page, page.locator(".md-content"))
    assert empty < 0.35, "0 done must not look like a full, bright bar"
    assert abs(empty - background) < 0.25
    page.get_by_label("Pass IDs, not objects", exact=True).check()
    page.get_by_label("Enqueue after the transaction commits", exact=True).check()
    page.get_by_label("Never wait for a task inside a task", exact=True).check()
    full = brightness(page, page.locator("p.ctc-category-progress progress").first)
    assert full - empty > 0.1, "a full bar must stand out from an empty one"
    assert page.problems == []


def test_printed_from_the_dark_scheme_unticked_boxes_are_white(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "checklist/")
    page.get_by_label("Set time limits", exact=True).check()
    page.emulate_media(media="print", color_scheme="dark")
    page.add_style_tag(content="* { transition: none !important; }")
    unticked = brightness(page, page.get_by_label("Make tasks atomic", exact=True))
    ticked = brightness(page, page.get_by_label("Set time limits", exact=True))
    assert unticked > 0.8, "an unticked box prints empty, on white"
    assert ticked < unticked - 0.1, "a ticked box prints visibly ticked"
    assert page.problems == []
