"""The first line of each item page's "Verify it": links to every test file of
the item, so a reader can open the proof. Written by `make checklist` from the
files under tests/<item_id>/, so a new test file cannot go unlinked."""

from __future__ import annotations

import re

from tools.checklist import DOCS, ROOT, Item, load_config

VERIFY = "## Verify it\n\n"
LINKS_LINE = re.compile(r"The tests, in \[`tests/[^\n]*\n")


def repository() -> str:
    return next(
        entry["link"]
        for entry in load_config()["extra"]["social"]
        if "github.com" in entry["link"]
    )


def links_line(item: Item, repo: str) -> str:
    folder = f"tests/{item.id.replace('-', '_')}"
    tests = sorted((ROOT / folder).glob("test_*.py"))
    files = " · ".join(
        f"[`{t.name}`]({repo}/blob/main/{folder}/{t.name})" for t in tests
    )
    return f"The tests, in [`{folder}/`]({repo}/tree/main/{folder}): {files}\n"


def with_links(page: str, line: str) -> str:
    head, found, rest = page.partition(VERIFY)
    if not found:
        return page
    rest = (
        LINKS_LINE.sub("", rest, count=1) if rest.startswith("The tests, in") else rest
    )
    if rest.startswith("{: .ctc-source }\n"):
        rest = rest.removeprefix("{: .ctc-source }\n").lstrip("\n")
    return f"{head}{VERIFY}{line}{{: .ctc-source }}\n\n{rest}"


def generated(items: list[Item]) -> dict:
    repo = repository()
    pages = {}
    for item in items:
        path = DOCS / item.path
        pages[path] = with_links(
            path.read_text(encoding="utf-8"), links_line(item, repo)
        )
    return pages
