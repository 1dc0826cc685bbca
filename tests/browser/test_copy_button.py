"""Material's copy button copies what the paste test pastes (tests/test_paste.py
reads it from the HTML): the same blocks have a button, and each copies the
same text, prompts and all, on the pages with commands, output and excerpts."""

import pytest

from tests.support.copyable import blocks_of, built_page

PAGES = [
    "five-minutes.md",
    "testing-and-debugging/rdb.md",
    "observability/monitor-workers.md",
    "workflows-and-routing/canvas.md",
    "handling-failure/acks-late.md",
]


@pytest.mark.parametrize("markdown", PAGES)
def test_each_copy_button_copies_the_text_the_paste_test_pastes(
    markdown, page, site_url, built_site
):
    html = built_page(built_site, markdown).read_text(encoding="utf-8")
    expected = [block.text for block in blocks_of(html) if block.copyable]
    page.goto(site_url + markdown.removesuffix(".md") + "/")
    buttons = page.locator('.md-code__button[data-md-type="copy"]')
    buttons.first.wait_for(state="attached")
    copied = []
    for number in range(buttons.count()):
        page.evaluate("navigator.clipboard.writeText('')")
        # A button in a closed tab is hidden; a reader opens the tab first.
        buttons.nth(number).dispatch_event("click")
        page.wait_for_function("async () => (await navigator.clipboard.readText())")
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    assert copied == expected
    assert page.problems == []
