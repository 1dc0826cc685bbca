"""The home page's reading path: the must items in checklist order, each with
its reading time, counted rather than guessed.

A page's reading time is its words, the included examples' words among them
and the diagrams' alternative text not, at 200 words a minute, rounded up to a
whole minute. Written into
``docs/index.md`` between markers by ``python -m tools.checklist``.
"""

from __future__ import annotations

import math
import re

from tools.checklist import DOCS, FRONT_MATTER, ROOT, Item

INDEX_PAGE = DOCS / "index.md"
WORDS_PER_MINUTE = 200
BEGIN = "<!-- BEGIN generated reading path: run `make checklist` -->"
END = "<!-- END generated reading path -->"
INCLUDE = re.compile(r'^\s*--8<-- "([^"]+)"\s*$', re.M)
SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(?:start|end):[-_0-9a-z]+\]\s*$")
# A diagram is looked at, not read: its alternative text does not count.
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")


def included_text(spec: str) -> str:
    """What ``--8<-- "path[:section]"`` puts in the page: the file or the
    section, without any section marker line (pymdownx.snippets drops them, so
    a page's ``hl_lines`` count the lines left)."""
    path, _, section = spec.partition(":")
    text = (ROOT / path).read_text(encoding="utf-8")
    if section:
        start = text.index(f"# --8<-- [start:{section}]")
        end = text.index(f"# --8<-- [end:{section}]")
        text = text[start:end].split("\n", 1)[1]
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not SECTION_MARKER.match(line))


def words(item: Item) -> int:
    source = (DOCS / item.path).read_text(encoding="utf-8")
    source = IMAGE.sub("", FRONT_MATTER.sub("", source))
    expanded = INCLUDE.sub(lambda match: included_text(match.group(1)), source)
    return len(expanded.split()) + len(item.title.split()) + len(item.summary.split())


def minutes(item: Item) -> int:
    return math.ceil(words(item) / WORDS_PER_MINUTE)


def render(items: list[Item]) -> str:
    must = [item for item in items if item.priority == "must"]
    total = sum(minutes(item) for item in must)
    lines = [
        BEGIN,
        "",
        '<div class="ctc-reading-path" markdown>',
        "",
        "| # | Item | Reading time |",
        "| ---: | --- | ---: |",
    ]
    for number, item in enumerate(must, start=1):
        link = f"[{item.title}]({item.path})"
        lines.append(f"| {number} | {link} | {minutes(item)} min |")
    lines += [
        "",
        "</div>",
        "",
        f"{len(must)} items, about {total} minutes in all: each time is the "
        f"page's words, its examples included, at {WORDS_PER_MINUTE} words a "
        "minute, rounded up.",
        "",
        END,
    ]
    return "\n".join(lines)


def generated(items: list[Item]) -> dict:
    page = INDEX_PAGE.read_text(encoding="utf-8")
    start, end = page.index(BEGIN), page.index(END) + len(END)
    return {INDEX_PAGE: page[:start] + render(items) + page[end:]}
