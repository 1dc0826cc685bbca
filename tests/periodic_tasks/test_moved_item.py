"""The item moved to "Time and deploys" and kept its id and its URL: readers'
ticks are saved by item id, and links to the page keep working."""

from tools import checklist


def test_periodic_tasks_keeps_its_id_and_url_in_its_new_category():
    (item,) = [i for i in checklist.load_items() if i.id == "periodic-tasks"]
    assert item.category == "Time and deploys"
    assert item.url == "observability/periodic-tasks/"


def test_ticks_are_saved_by_item_id():
    script = (checklist.DOCS / "javascripts/checklist.js").read_text()
    assert 'data-id="' in checklist.checkbox(
        next(i for i in checklist.load_items() if i.id == "periodic-tasks")
    )
    assert "dataset.id" in script
