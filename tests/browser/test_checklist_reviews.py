"""Several named reviews: create, switch, rename, delete, reset."""

from playwright.sync_api import expect

from tests.browser.checklist_helpers import press, ticked


def answer_dialogs(page, *answers):
    """Answer the next prompts/confirms in order: text, True (OK) or False."""
    queue = list(answers)
    seen = []

    def handle(dialog):
        seen.append(dialog.message)
        answer = queue.pop(0)
        if answer is False:
            dialog.dismiss()
        elif answer is True:
            dialog.accept()
        else:
            dialog.accept(answer)

    page.on("dialog", handle)
    return seen


def test_the_default_review_needs_no_setup(page, site_url):
    page.goto(site_url + "checklist/")
    expect(page.get_by_label("Review", exact=True)).to_have_value("default")
    expect(page.locator("#ctc-review option")).to_have_text(["My review"])
    assert page.problems == []


def test_create_switch_rename_and_delete(page, site_url):
    page.goto(site_url + "checklist/")
    page.get_by_label("Set time limits", exact=True).check()
    answer_dialogs(page, "send_newsletter", "send_newsletter v2", True)
    press(page, "New review")
    expect(page.locator("#ctc-review option")).to_have_text(
        ["My review", "send_newsletter"]
    )
    assert ticked(page) == []  # a new review starts empty
    page.get_by_label("Make tasks atomic", exact=True).check()
    page.get_by_label("Review", exact=True).select_option(label="My review")
    assert ticked(page) == ["time-limits"]
    page.get_by_label("Review", exact=True).select_option(label="send_newsletter")
    assert ticked(page) == ["atomic-tasks"]
    press(page, "Rename")
    expect(page.locator("#ctc-review option")).to_have_text(
        ["My review", "send_newsletter v2"]
    )
    press(page, "Delete")
    expect(page.locator("#ctc-review option")).to_have_text(["My review"])
    assert ticked(page) == ["time-limits"]
    page.reload()
    assert ticked(page) == ["time-limits"]
    assert page.problems == []


def test_reset_asks_first(page, site_url):
    page.goto(site_url + "checklist/")
    page.get_by_label("Set time limits", exact=True).check()
    page.get_by_label("Make tasks atomic", exact=True).check()
    asked = answer_dialogs(page, False, True)
    press(page, "Reset")
    assert ticked(page) == ["atomic-tasks", "time-limits"]
    expect(page.get_by_role("status")).to_have_text("Nothing was reset.")
    press(page, "Reset")
    assert ticked(page) == []
    assert asked == ["Untick all 2 items of review “My review”?"] * 2
    page.reload()
    assert ticked(page) == []
    assert page.problems == []


def test_an_empty_name_creates_nothing(page, site_url):
    page.goto(site_url + "checklist/")
    answer_dialogs(page, "   ")
    press(page, "New review")
    expect(page.locator("#ctc-review option")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("No review was created.")
    assert page.problems == []
