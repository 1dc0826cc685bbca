"""What the interactive checklist should show, computed from the items."""

from tools.checklist import categories, load_items

ITEMS = load_items()
IDS = [item.id for item in ITEMS]
KEY = "celery-tasks-checklist:/:v1"


def expected_markdown(site_url: str, name: str, done: set[str]) -> str:
    lines = [f"# Celery task review: {name}", ""]
    lines.append(
        f"Done {len(done)} of {len(ITEMS)} items of the "
        f"[Celery Tasks Checklist]({site_url})."
    )
    for category, members in categories(ITEMS).items():
        lines += ["", f"## {category}", ""]
        for item in members:
            tick = "x" if item.id in done else " "
            lines.append(f"- [{tick}] [{item.title}]({site_url}{item.url})")
    return "\n".join(lines) + "\n"


def stored(page) -> str | None:
    return page.evaluate(f"localStorage.getItem({KEY!r})")


def store(page, value: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, value])


def ticked(page) -> list[str]:
    return page.eval_on_selector_all(
        "input.ctc-check:checked", "boxes => boxes.map(b => b.dataset.id)"
    )
