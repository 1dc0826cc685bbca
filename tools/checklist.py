"""The checklist items, read from their one source, and the files generated from them.

An item is a page listed under a category section of the nav in ``mkdocs.yml``;
its facts (id, title, description: the one-line summary, and priority) are that
page's front matter. Run ``python -m tools.checklist`` to rewrite the generated
parts, ``--check`` to fail when they are out of date.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.yml"
CHECKLIST_PAGE = DOCS / "checklist.md"
# The items in order, for item pages: their "next item not yet done" link.
ITEMS_SCRIPT = DOCS / "javascripts" / "checklist-items.js"
PRIORITIES = ("must", "should", "could")
REQUIRED_FIELDS = ("id", "title", "description", "priority")
BEGIN = "<!-- BEGIN generated items: run `make checklist` -->"
END = "<!-- END generated items -->"
# The checker's rules (checker/src/celery_tasks_checklist.py: RULES), as a table.
CHECK_PAGE = DOCS / "check-your-project.md"
# The checker's one module, served by the site as a file to download: the
# whole module on a page made it the heaviest page of the site by far
# (Lighthouse performance 61, axe 3 s a scheme).
CHECKER_MODULE = ROOT / "checker" / "src" / "celery_tasks_checklist.py"
CHECKER_DOWNLOAD = DOCS / "downloads" / CHECKER_MODULE.name
RULES_BEGIN = "<!-- BEGIN generated rules: run `make checklist` -->"
RULES_END = "<!-- END generated rules -->"


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    summary: str
    priority: str
    category: str
    path: str  # relative to docs/

    @property
    def url(self) -> str:
        """The page's URL relative to the site root (directory URLs)."""
        return self.path.removesuffix(".md") + "/"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the Python tags some extensions' options use."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def front_matter(path: Path) -> dict:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    return yaml.safe_load(match.group(1)) if match else {}


def load_config() -> dict:
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_Loader)


def _nav_sections(nav: list) -> list[tuple[str, list[str]]]:
    """The top-level nav sections as (title, [page paths])."""
    sections = []
    for entry in nav:
        if isinstance(entry, dict):
            ((title, value),) = entry.items()
            if isinstance(value, list):
                pages = [
                    next(iter(p.values())) if isinstance(p, dict) else p for p in value
                ]
                sections.append((title, pages))
    return sections


def load_items() -> list[Item]:
    """Every item in nav order. Raises ValueError on a malformed item page."""
    items: list[Item] = []
    for category, pages in _nav_sections(load_config()["nav"]):
        for page in pages:
            meta = front_matter(DOCS / page)
            if "priority" not in meta:
                continue  # a guide page inside a section, not an item
            missing = [f for f in REQUIRED_FIELDS if not meta.get(f)]
            if missing:
                raise ValueError(f"{page}: front matter lacks {', '.join(missing)}")
            if meta["priority"] not in PRIORITIES:
                raise ValueError(f"{page}: priority must be one of {PRIORITIES}")
            if meta["id"] != Path(page).stem:
                raise ValueError(f"{page}: id {meta['id']!r} must match the file name")
            items.append(
                Item(
                    id=meta["id"],
                    title=meta["title"],
                    summary=" ".join(str(meta["description"]).split()),
                    priority=meta["priority"],
                    category=category,
                    path=page,
                )
            )
    ids = [item.id for item in items]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"duplicated item ids: {duplicated}")
    return items


def categories(items: list[Item]) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.category, []).append(item)
    return grouped


def checkbox(item: Item) -> str:
    """A real checkbox and its label, carrying what the page script needs."""
    data = {
        "id": item.id,
        "title": item.title,
        "priority": item.priority,
        "category": item.category,
        "url": item.url,
    }
    attributes = " ".join(f'data-{k}="{escape(v)}"' for k, v in data.items())
    return (
        f'<input type="checkbox" class="ctc-check" id="check-{item.id}" '
        f'{attributes}> <label for="check-{item.id}">{escape(item.title)}</label>'
    )


def render_checklist(items: list[Item]) -> str:
    """The overview list: readable, printable and tickable without JavaScript;
    the page script adds saving, progress, filters, reviews and sharing."""
    lines = [BEGIN, ""]
    for category, members in categories(items).items():
        lines += [
            f"## {category}",
            "",
            # Filled in by the page script; in the page from the start so that
            # nothing moves when it runs.
            f'<p class="ctc-category-progress"><progress max="{len(members)}" '
            f'value="0" aria-label="{escape(category)} progress"></progress> '
            f"<span>0 of {len(members)} done</span></p>",
            "",
        ]
        for item in members:
            badge = (
                f'<span class="ctc-priority ctc-priority--{item.priority}">'
                f"{item.priority}</span>"
            )
            lines.append(
                f"- {checkbox(item)} {badge}  \n"
                f"  {item.summary} [Why and how]({item.path})"
                f'{{ aria-label="{escape(item.title)}: why and how" }}'
            )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def render_items_script(items: list[Item]) -> str:
    listed = ",\n".join(
        "  " + json.dumps({"id": i.id, "title": i.title, "url": i.url}) for i in items
    )
    return (
        "// Generated from the items' front matter by `make checklist`.\n"
        f"window.CTC_ITEMS = [\n{listed}\n];\n"
    )


def replace_between_markers(text: str, block: str, begin=BEGIN, end=END) -> str:
    start, stop = text.index(begin), text.index(end) + len(end)
    return text[:start] + block + text[stop:]


def render_rules(items: list[Item]) -> str:
    """The checker's rules and the item each one cites, from the rules' own
    metadata: one source of truth."""
    from celery_tasks_checklist import RULES

    by_id = {item.id: item for item in items}
    lines = [RULES_BEGIN, "", "| rule | what it finds | item |", "| --- | --- | --- |"]
    for rule in RULES.values():
        item = by_id[rule.item]
        scope = (
            " (pytest plugin: each task a test sends)" if rule.scope == "call" else ""
        )
        lines.append(
            f"| `{rule.id}` | {rule.title}{scope} | [{item.title}]({item.path}) |"
        )
    return "\n".join([*lines, "", RULES_END])


CHECKED_BY = re.compile(
    r"^Checked (?:in part )?by \[`celery-checklist`\]\([^)\n]*\): [^\n]*\n\n", re.M
)
VERIFY_IT = "## Verify it\n"
REVIEWER_PART = "The rest of this item needs a reviewer."


def with_checked_by(item: Item, page: str) -> str:
    """The item page with one line naming the checker's rules that enforce
    part of it, and saying the rest is a reviewer's, just before "Verify it"
    (no rule: no line). No rule sees all of an item."""
    from celery_tasks_checklist import RULES

    page = CHECKED_BY.sub("", page)
    rules = [rule.id for rule in RULES.values() if rule.item == item.id]
    if not rules or VERIFY_IT not in page:
        return page
    link = "../" * item.path.count("/") + CHECK_PAGE.name
    names = ", ".join(f"`{rule}`" for rule in rules)
    line = (
        f"Checked in part by [`celery-checklist`]({link}): {names}. {REVIEWER_PART}\n\n"
    )
    head, _, tail = page.partition(VERIFY_IT)
    return f"{head}{line}{VERIFY_IT}{tail}"


def generated_files(items: list[Item]) -> dict[Path, str]:
    """Every generated file and the content it must have."""
    from tools import reading_path, review_templates, verify_links  # they build on this

    page = CHECKLIST_PAGE.read_text(encoding="utf-8")
    check_page = CHECK_PAGE.read_text(encoding="utf-8")
    return {
        CHECKLIST_PAGE: replace_between_markers(page, render_checklist(items)),
        CHECK_PAGE: replace_between_markers(
            check_page, render_rules(items), RULES_BEGIN, RULES_END
        ),
        ITEMS_SCRIPT: render_items_script(items),
        CHECKER_DOWNLOAD: CHECKER_MODULE.read_text(encoding="utf-8"),
        **review_templates.generated(items),
        **{
            path: with_checked_by(item, text)
            for item, (path, text) in zip(
                items, verify_links.generated(items).items(), strict=True
            )
        },
        **reading_path.generated(items),
    }


def update(files: dict[Path, str], argv: list[str]) -> int:
    """Write the files whose content differs; with ``--check``, list them and fail."""
    stale = [
        path
        for path, content in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    if "--check" in argv:
        if stale:
            names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
            print(f"out of date, run `make checklist`: {names}")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    items = load_items()
    if "--check" not in argv:
        # The pages' links to their tests are generated, and the reading path
        # counts the words of the pages as written: write those first.
        update(generated_files(items), argv)
    return update(generated_files(items), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
