"""The interactive checklist works on the Zensical build too."""

import pytest
from playwright.sync_api import expect

from tests.browser.checklist_helpers import ticked
from tests.support.site import serve
from tests.test_zensical import zensical_build
from tools.checklist import load_items


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory):
    with serve(zensical_build(tmp_path_factory.mktemp("zensical"))) as url:
        yield url


def test_ticks_progress_and_item_pages(context, zensical_url):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(zensical_url + "checklist/")
    page.get_by_label("Set time limits", exact=True).check()
    expect(page.locator("#ctc-progress-label")).to_have_text(
        f"1 of {len(load_items())} done"
    )
    page.reload()
    assert ticked(page) == ["time-limits"]
    page.goto(zensical_url + "handling-failure/time-limits/")
    expect(page.locator("#check-time-limits")).to_be_checked()
    expect(page.locator("#check-time-limits-end")).to_be_checked()
    expect(page.locator(".ctc-next a")).to_have_text(
        "Acknowledge late only when the task is idempotent"
    )
    assert errors == []
