"""Review templates for readers' own repositories, generated from the items.

A pull request template and an issue template (``celery-task-review.md``) with
one task-list line per item, linked to its page. They are published with the
site under ``docs/review-templates/``; ``make checklist`` rewrites them.
"""

from __future__ import annotations

from pathlib import Path

from tools.checklist import DOCS, Item, categories, load_config

TEMPLATES = DOCS / "review-templates"
PULL_REQUEST = TEMPLATES / "pull_request_template.md.txt"
ISSUE = TEMPLATES / "celery-task-review.md.txt"


def task_list(items: list[Item], site_url: str) -> list[str]:
    lines = []
    for category, members in categories(items).items():
        lines += [f"### {category}", ""]
        lines += [
            f"- [ ] [{item.title}]({site_url}{item.url}) ({item.priority})"
            for item in members
        ]
        lines.append("")
    return lines


def pull_request_template(items: list[Item], site_url: str) -> str:
    lines = [
        "## What this changes",
        "",
        "",
        "",
        "## Celery tasks checklist",
        "",
        "<!-- For every task this pull request adds or changes. Items marked",
        f"     must are the ones that lose or corrupt work. {site_url} -->",
        "",
        *task_list(items, site_url),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def issue_template(items: list[Item], site_url: str) -> str:
    lines = [
        "---",
        "name: Celery task review",
        "about: Review one Celery task against the Celery Tasks Checklist",
        "title: 'Review task: '",
        "labels: celery, review",
        "---",
        "",
        "**Task under review:** `module.task_name`",
        "",
        f"Checklist: {site_url}checklist/",
        "",
        *task_list(items, site_url),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def generated(items: list[Item]) -> dict[Path, str]:
    site_url = load_config()["site_url"]
    return {
        PULL_REQUEST: pull_request_template(items, site_url),
        ISSUE: issue_template(items, site_url),
    }
