"""The diagrams: up to date with the tool that draws them, the retry schedule
drawn from the waits the snippet computes, a text alternative for each, and
each shown on its page in both schemes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.snippets import snippet
from tools import diagrams
from tools.checklist import DOCS

SVG = "{http://www.w3.org/2000/svg}"
PAGES = {
    "acks-late": "handling-failure/acks-late.md",
    "visibility-timeout": "handling-failure/acks-late.md",
    "retry-schedule": "handling-failure/exponential-backoff.md",
    "canvas": "workflows-and-routing/canvas.md",
    "time-limits": "handling-failure/time-limits.md",
}


def test_the_diagrams_are_up_to_date():
    stale = [
        path.relative_to(DOCS).as_posix()
        for path, content in diagrams.generated().items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run `make checklist`"


def test_the_retry_schedule_is_the_one_the_snippet_prints(capsys):
    schedule = snippet("exponential_backoff", "schedule")
    schedule.print_schedule()
    printed = capsys.readouterr().out.splitlines()[0]
    waits = diagrams.backoff_waits(schedule)
    assert str(waits) == printed
    drawn = (diagrams.OUT / "retry-schedule-light.svg").read_text(encoding="utf-8")
    for wait in waits:
        assert f">{wait} s<" in drawn
    assert f">{sum(waits)} s<" in drawn
    assert f"max_retries={len(waits)}" in drawn


def test_the_retry_schedule_follows_the_task_options(monkeypatch):
    """Change the task's cap and the drawing changes with it."""
    schedule = snippet("exponential_backoff", "schedule")
    tasks = snippet("exponential_backoff")
    monkeypatch.setattr(tasks.likes_do_facebook, "retry_backoff_max", 5)
    assert diagrams.backoff_waits(schedule) == [1, 2, 4, 5, 5]
    assert ">5 s<" in diagrams.retry_schedule(diagrams.LIGHT, schedule).render(
        diagrams.LIGHT
    )


@pytest.mark.parametrize("path", sorted(diagrams.generated()), ids=lambda p: p.name)
def test_each_diagram_has_a_text_alternative(path):
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert len(desc.text.split()) >= 20


@pytest.mark.parametrize("name", diagrams.DIAGRAMS)
def test_each_diagram_is_on_its_page_in_both_schemes(name):
    page = PAGES[name]
    line = diagrams.markdown(name, Path(page))
    assert line in (DOCS / page).read_text(encoding="utf-8").split("\n")
    for scheme in ("light", "dark"):
        assert f"{name}-{scheme}.svg#only-{scheme}" in line
    for src in line.split("](")[1:]:
        target = (DOCS / page).parent / src.split("#")[0]
        assert target.resolve().is_file(), target


def test_the_dark_variant_uses_dark_colours():
    light = (diagrams.OUT / "canvas-light.svg").read_text(encoding="utf-8")
    dark = (diagrams.OUT / "canvas-dark.svg").read_text(encoding="utf-8")
    assert f'fill="{diagrams.LIGHT.background}"' in light
    assert f'fill="{diagrams.DARK.background}"' in dark
    assert diagrams.LIGHT.text not in dark
