"""Copy as Markdown, download, and share links opened in a fresh browser."""

from playwright.sync_api import expect

from tests.browser.checklist_helpers import IDS, expected_markdown, press, ticked
from tests.browser.test_checklist_reviews import answer_dialogs


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def tick(page, *titles):
    for title in titles:
        page.get_by_label(title, exact=True).check()


def test_copy_as_markdown_gives_a_github_task_list(page, site_url):
    page.goto(site_url + "checklist/")
    tick(page, "Pass IDs, not objects", "Set time limits")
    press(page, "Copy as Markdown")
    expect(page.get_by_role("status")).to_have_text(
        "Copied review “My review” as Markdown."
    )
    assert clipboard(page) == expected_markdown(
        site_url, "My review", {"pass-ids-not-objects", "time-limits"}
    )
    assert page.problems == []


def test_download_gives_the_same_markdown(page, site_url):
    page.goto(site_url + "checklist/")
    answer_dialogs(page, "send_newsletter")
    press(page, "New review")
    tick(page, "Use JSON, never pickle")
    with page.expect_download() as info:
        press(page, "Download Markdown")
    download = info.value
    assert download.suggested_filename == "celery-task-review-send-newsletter.md"
    with open(download.path(), encoding="utf-8") as saved:
        assert saved.read() == expected_markdown(
            site_url, "send_newsletter", {"json-not-pickle"}
        )
    assert page.problems == []


def share_link(page, site_url, *titles):
    page.goto(site_url + "checklist/")
    answer_dialogs(page, "send_newsletter")
    press(page, "New review")
    tick(page, *titles)
    press(page, "Copy share link")
    expect(page.get_by_role("status")).to_contain_text("Copied a link")
    return clipboard(page)


def test_a_share_link_opens_in_a_fresh_browser(page, browser, site_url):
    link = share_link(page, site_url, "Set time limits", "Make tasks atomic")
    assert link.startswith(site_url + "checklist/#")
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(link)
    expect(other.get_by_label("Review", exact=True)).to_have_value("default")
    expect(other.locator("#ctc-review option")).to_have_text(["send_newsletter"])
    assert ticked(other) == ["atomic-tasks", "time-limits"]
    assert "#" not in other.url  # the link's state is not applied twice
    other.reload()
    assert ticked(other) == ["atomic-tasks", "time-limits"]
    fresh.close()
    assert page.problems == []


def test_a_share_link_asks_before_touching_existing_progress(page, browser, site_url):
    link = share_link(page, site_url, "Set time limits")
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(site_url + "checklist/")
    tick(other, "Pass IDs, not objects")
    asked = answer_dialogs(other, False, True)
    other.goto(link)
    expect(other.get_by_role("status")).to_contain_text("was not opened")
    assert ticked(other) == ["pass-ids-not-objects"]
    assert asked == [
        "Open the shared review “send_newsletter” (1 done) as a new review? "
        "Your reviews are kept."
    ]
    other.goto(link.replace("send_newsletter", "second+look"))
    expect(other.get_by_role("status")).to_have_text(
        "Opened shared review “second look” as a new review."
    )
    expect(other.locator("#ctc-review option")).to_have_text(
        ["My review", "second look"]
    )
    assert ticked(other) == ["time-limits"]
    other.get_by_label("Review", exact=True).select_option(label="My review")
    assert ticked(other) == ["pass-ids-not-objects"]  # nothing lost
    fresh.close()


def test_a_link_with_every_item(page, site_url):
    page.goto(site_url + "checklist/#review=all&done=" + ",".join(IDS))
    assert ticked(page) == IDS
    expect(page.locator("#ctc-progress-label")).to_have_text(
        f"{len(IDS)} of {len(IDS)} done"
    )
    assert page.problems == []
