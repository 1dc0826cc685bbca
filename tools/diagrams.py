"""The site's diagrams, drawn as SVG in a light and a dark variant.

Pages show both with Material's ``#only-light`` and ``#only-dark`` suffixes, so
each scheme gets its own colours. The retry schedule is drawn from the waits
that ``snippets/exponential_backoff/schedule.py`` prints, so it cannot drift
from the task's options. Run ``python -m tools.diagrams`` to rewrite them,
``--check`` to fail when one is out of date.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path
from types import ModuleType

from tools.checklist import update

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images" / "diagrams"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str
    line: str
    good: str
    good_fill: str
    bad: str
    bad_fill: str
    note: str
    note_fill: str


# Text colours reach 4.5:1 or better on their background in each scheme.
LIGHT = Palette(
    background="#ffffff",
    text="#1b1b1b",
    muted="#555555",
    line="#1b1b1b",
    good="#1b5e20",
    good_fill="#e8f5e9",
    bad="#b71c1c",
    bad_fill="#ffebee",
    note="#1f5f8b",
    note_fill="#e3f2fd",
)
DARK = Palette(
    background="#1e2129",
    text="#e6e6e6",
    muted="#b9bccb",
    line="#e6e6e6",
    good="#8fd694",
    good_fill="#1f3a24",
    bad="#ff9e94",
    bad_fill="#4a2020",
    note="#8fb4ff",
    note_fill="#1f2f4a",
)
PALETTES = {"light": LIGHT, "dark": DARK}


class Svg:
    """A few drawing primitives; coordinates in the viewBox's units."""

    def __init__(self, name: str, width: int, height: int, title: str, desc: str):
        self.name, self.width, self.height = name, width, height
        self.title, self.desc = title, desc
        self.parts: list[str] = []

    def rect(self, x, y, w, h, fill, stroke=None, rx=6):
        stroke_attrs = f' stroke="{stroke}" stroke-width="2"' if stroke else ""
        self.parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" '
            f'fill="{fill}"{stroke_attrs}/>'
        )

    def line(self, x1, y1, x2, y2, color, arrow=False, dash=False, width=2):
        extra = ' marker-end="url(#arrow)"' if arrow else ""
        extra += ' stroke-dasharray="6 4"' if dash else ""
        self.parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" '
            f'stroke-width="{width}"{extra}/>'
        )

    def text(self, x, y, words, color, size=15, anchor="middle", bold=False):
        weight = ' font-weight="700"' if bold else ""
        self.parts.append(
            f'<text x="{x}" y="{y}" fill="{color}" font-size="{size}" '
            f'text-anchor="{anchor}"{weight}>{escape(words)}</text>'
        )

    def render(self, palette: Palette) -> str:
        return "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} '
                f'{self.height}" width="{self.width}" height="{self.height}" '
                f'role="img" aria-labelledby="{self.name}-title {self.name}-desc">',
                f'<title id="{self.name}-title">{escape(self.title)}</title>',
                f'<desc id="{self.name}-desc">{escape(self.desc)}</desc>',
                "<defs>",
                '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="7" markerHeight="7" orient="auto-start-reverse">',
                f'<path d="M0 0 L10 5 L0 10 z" fill="{palette.line}"/>',
                "</marker>",
                "</defs>",
                f'<rect width="{self.width}" height="{self.height}" rx="10" '
                f'fill="{palette.background}"/>',
                f'<g font-family="{FONT}">',
                *self.parts,
                "</g>",
                "</svg>",
                "",
            ]
        )


def acks_late(p: Palette) -> Svg:
    svg = Svg(
        "acks-late",
        760,
        300,
        "Acknowledging early or late when the worker crashes",
        "Top, the default: the worker receives the message, acknowledges it as "
        "the task starts, and is killed while the task runs; the broker "
        "has already forgotten the message, so the task is lost. Bottom, "
        "acks_late=True: the worker starts "
        "the task without acknowledging and is killed; the message is still "
        "unacknowledged, the broker delivers it again and a second worker runs the "
        "task to the end and then acknowledges it.",
    )
    for top, label, late in (
        (20, "Default: acknowledge early", False),
        (175, "acks_late=True", True),
    ):
        svg.text(20, top + 20, label, p.text, size=17, anchor="start", bold=True)
        axis = top + 70
        svg.line(20, axis, 740, axis, p.muted, arrow=True)
        svg.text(50, axis - 14, "received", p.text, size=14)
        svg.line(50, axis - 8, 50, axis + 8, p.line)
        svg.rect(110, axis - 28, 170, 26, p.note_fill, p.note)
        svg.text(195, axis - 10, "task running", p.text, size=14)
        svg.line(282, axis - 10, 282, axis + 10, p.bad, width=3)
        svg.text(
            292, axis - 12, "✗ worker killed", p.bad, size=14, anchor="start", bold=True
        )
        if not late:
            # The default acknowledges as the task starts, not on receipt.
            svg.line(110, axis - 2, 110, axis + 16, p.good, width=2)
            svg.rect(60, axis + 16, 100, 26, p.good_fill, p.good)
            svg.text(110, axis + 34, "ack sent", p.text, size=14)
            svg.rect(420, axis + 14, 300, 32, p.bad_fill, p.bad)
            svg.text(
                570,
                axis + 36,
                "message gone: the task is lost",
                p.bad,
                size=15,
                bold=True,
            )
        else:
            svg.rect(50, axis + 16, 400, 26, p.note_fill, p.note)
            svg.text(260, axis + 34, "message kept, unacknowledged", p.text, size=14)
            svg.line(450, axis + 29, 478, axis + 29, p.line, arrow=True)
            svg.text(480, axis - 12, "delivered again", p.text, size=14, anchor="start")
            svg.rect(480, axis + 16, 160, 26, p.good_fill, p.good)
            svg.text(560, axis + 34, "second worker runs it", p.text, size=13)
            svg.rect(650, axis + 16, 90, 26, p.good_fill, p.good)
            svg.text(695, axis + 34, "then ack", p.text, size=14)
    return svg


@functools.cache
def printed_schedule() -> str:
    """What ``python schedule.py`` prints, run as a reader runs it: in its own
    folder, where it imports ``tasks`` by plain name. A process of its own, so
    the snippet's plain-named modules and tasks stay out of this one."""
    folder = Path(__file__).resolve().parents[1] / "snippets/exponential_backoff"
    return subprocess.run(
        [sys.executable, "schedule.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def backoff_waits(schedule: ModuleType | None = None) -> list[int]:
    """The waits schedule.print_schedule prints on its first line: the "do
    this" task's options through Celery's own backoff function."""
    if schedule is None:
        printed = printed_schedule()
    else:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            schedule.print_schedule()
        printed = out.getvalue()
    return ast.literal_eval(printed.splitlines()[0])


def retry_schedule(p: Palette, schedule: ModuleType | None = None) -> Svg:
    waits = backoff_waits(schedule)
    total = sum(waits)
    left, right, axis = 40, 720, 150
    scale = (right - left) / total
    tries = [0]
    for wait in waits:
        tries.append(tries[-1] + wait)
    doubling = all(b == 2 * a for a, b in pairwise(waits))
    svg = Svg(
        "retry-schedule",
        760,
        250,
        "When the task retries",
        f"A time axis from 0 to {total} seconds. The first try runs at 0 s and "
        "fails; the retries run at "
        + ", ".join(f"{t} s" for t in tries[1:])
        + f", after waits of {', '.join(str(w) for w in waits)} seconds"
        + (", each twice the one before" if doubling else "")
        + ". After the last retry fails, the task fails. With retry_jitter each "
        "wait is random, between 0 and the value shown.",
    )
    svg.text(
        20,
        30,
        "retry_backoff=True, max_retries=" + str(len(waits)),
        p.text,
        size=16,
        anchor="start",
        bold=True,
    )
    svg.text(
        20,
        54,
        "the longest wait before each retry; with retry_jitter, a random wait "
        "between 0 and that",
        p.muted,
        size=14,
        anchor="start",
    )
    svg.line(left, axis, right + 20, axis, p.muted, arrow=True)
    for start, wait in zip(tries, waits, strict=False):
        x0, x1 = left + start * scale, left + (start + wait) * scale
        svg.rect(
            round(x0, 1), axis - 44, round(x1 - x0, 1), 22, p.note_fill, p.note, rx=3
        )
        if x1 - x0 > 34:
            svg.text(round((x0 + x1) / 2, 1), axis - 28, f"{wait} s", p.text, size=13)
        else:
            svg.text(round((x0 + x1) / 2, 1), axis - 52, f"{wait} s", p.text, size=12)
    for number, at in enumerate(tries):
        x = round(left + at * scale, 1)
        last = number == len(tries) - 1
        svg.line(x, axis - 8, x, axis + 8, p.bad if last else p.line)
        crowded = 0 < number < len(tries) - 1 and (at - tries[number - 1]) * scale < 30
        if not crowded:
            svg.text(x, axis + 26, f"{at} s", p.muted, size=12)
        name = "try" if number == 0 else f"retry {number}"
        if number in (0, len(tries) - 1) or at * scale > 60:
            svg.text(x, axis + 44, name, p.text, size=12)
    svg.text(
        right,
        axis + 78,
        f"retry {len(waits)} fails: the task fails",
        p.bad,
        size=14,
        anchor="end",
        bold=True,
    )
    return svg


def canvas(p: Palette) -> Svg:
    svg = Svg(
        "canvas",
        760,
        300,
        "Chain, group and chord",
        "A chain runs add(4, 4), then mul(8) with its result, then mul(10) with "
        "that result: one after the other. A group runs add(2, 2) and add(4, 4) in "
        "parallel and returns both results in order. A chord runs a group, here "
        "add(i, i) for i from 0 to 99, in parallel, and when every one has "
        "finished calls tsum with the list of their results.",
    )
    svg.text(
        20, 30, "chain: one after the other", p.text, size=16, anchor="start", bold=True
    )
    for i, name in enumerate(("add(4, 4)", "mul(8)", "mul(10)")):
        x = 20 + i * 170
        svg.rect(x, 45, 120, 34, p.note_fill, p.note)
        svg.text(x + 60, 67, name, p.text)
        if i < 2:
            svg.line(x + 120, 62, x + 168, 62, p.line, arrow=True)
    svg.text(530, 67, "→ 640", p.text, anchor="start", bold=True)

    svg.text(20, 120, "group: in parallel", p.text, size=16, anchor="start", bold=True)
    for i, name in enumerate(("add(2, 2)", "add(4, 4)")):
        svg.rect(20, 135 + i * 42, 120, 34, p.note_fill, p.note)
        svg.text(80, 157 + i * 42, name, p.text)
    svg.text(160, 178, "→ [4, 8]", p.text, anchor="start", bold=True)

    svg.text(
        400,
        120,
        "chord: a group, then a callback",
        p.text,
        size=16,
        anchor="start",
        bold=True,
    )
    for i, name in enumerate(("add(0, 0)", "add(1, 1)", "…", "add(99, 99)")):
        y = 135 + i * 38
        svg.rect(400, y, 120, 30, p.note_fill, p.note)
        svg.text(460, y + 20, name, p.text, size=14)
        svg.line(520, y + 15, 588, 200, p.line, arrow=i == 3)
    svg.rect(590, 183, 110, 34, p.good_fill, p.good)
    svg.text(645, 205, "tsum(list)", p.text)
    svg.text(645, 240, "→ 9900", p.text, bold=True)
    return svg


def time_limits(p: Palette) -> Svg:
    svg = Svg(
        "time-limits",
        760,
        220,
        "A soft and a hard time limit on one task's timeline",
        "The task starts at 0 s. At the soft limit, 50 s, Celery raises "
        "SoftTimeLimitExceeded inside the task, which can save what it has and "
        "return. If it is still running at the hard limit, 60 s, the worker ends "
        "the process running it and replaces it: the task can be cut off at any "
        "line.",
    )
    left, axis = 40, 140
    scale = (520 - left) / 60

    def at(seconds):
        return round(left + seconds * scale, 1)

    svg.text(
        20,
        30,
        "@app.task(soft_time_limit=50, time_limit=60)",
        p.text,
        size=16,
        anchor="start",
        bold=True,
    )
    svg.line(left, axis, 740, axis, p.muted, arrow=True)
    svg.rect(left, axis - 40, at(50) - left, 26, p.note_fill, p.note, rx=3)
    svg.text((left + at(50)) / 2, axis - 22, "task running", p.text)
    svg.rect(at(50), axis - 40, at(60) - at(50), 26, p.good_fill, p.good, rx=3)
    svg.text(at(55), axis - 50, "time to recover", p.good, size=13, bold=True)
    svg.line(left, axis - 50, left, axis + 8, p.line)
    svg.text(left, axis + 28, "0 s: task starts", p.text, size=14, anchor="start")
    svg.line(at(50), axis - 40, at(50), axis + 60, p.good, dash=True)
    svg.text(
        at(50) - 8,
        axis + 28,
        "50 s: soft limit",
        p.good,
        size=14,
        anchor="end",
        bold=True,
    )
    svg.text(
        at(50) - 8,
        axis + 48,
        "SoftTimeLimitExceeded raised in the task",
        p.text,
        size=13,
        anchor="end",
    )
    svg.line(at(60), axis - 40, at(60), axis + 60, p.bad, dash=True)
    svg.text(
        at(60) + 8,
        axis + 28,
        "60 s: hard limit",
        p.bad,
        size=14,
        anchor="start",
        bold=True,
    )
    svg.text(
        at(60) + 8,
        axis + 48,
        "process killed and replaced",
        p.text,
        size=13,
        anchor="start",
    )
    return svg


def visibility_timeout(p: Palette) -> Svg:
    svg = Svg(
        "visibility-timeout",
        760,
        330,
        "The visibility timeout and a task with an ETA",
        "On Redis, a worker takes a message and holds it unacknowledged. Top: the "
        "task's ETA comes before the visibility timeout, so the worker runs it "
        "once and acknowledges it. Bottom: the ETA is later than the visibility "
        "timeout, so when the timeout passes the Redis transport gives the "
        "message back to the queue while the first worker still holds it, and the "
        "task runs twice.",
    )
    left, right = 40, 720
    cases = (
        (30, "ETA before the visibility timeout: runs once", 0.45, False),
        (190, "ETA after the visibility timeout: runs twice", 0.85, True),
    )
    timeout_x = left + 0.6 * (right - left)
    for top, title, eta, twice in cases:
        axis = top + 100
        svg.text(
            20,
            top + 10,
            title,
            p.bad if twice else p.good,
            size=16,
            anchor="start",
            bold=True,
        )
        svg.line(left, axis, right + 20, axis, p.muted, arrow=True)
        eta_x = round(left + eta * (right - left), 1)
        svg.rect(left, axis - 34, eta_x - left, 24, p.note_fill, p.note, rx=3)
        svg.text(
            (left + eta_x) / 2,
            axis - 17,
            "held by worker 1, unacknowledged",
            p.text,
            size=13,
        )
        svg.line(left, axis - 8, left, axis + 8, p.line)
        svg.text(left, axis + 26, "taken", p.muted, size=13, anchor="start")
        svg.line(eta_x, axis - 44, eta_x, axis + 8, p.line)
        svg.text(eta_x, axis + 26, "ETA: runs", p.text, size=13, bold=True)
        svg.line(timeout_x, axis - 75, timeout_x, axis + 40, p.bad, dash=True)
        svg.text(timeout_x, axis + 54, "visibility_timeout", p.bad, size=13)
        if twice:
            svg.rect(
                timeout_x + 8,
                axis - 66,
                right - timeout_x - 8,
                24,
                p.bad_fill,
                p.bad,
                rx=3,
            )
            svg.text(
                (timeout_x + right) / 2 + 4,
                axis - 49,
                "back in the queue: worker 2 runs it too",
                p.bad,
                size=12,
                bold=True,
            )
    return svg


DIAGRAMS: dict[str, Callable[[Palette], Svg]] = {
    "acks-late": acks_late,
    "retry-schedule": retry_schedule,
    "canvas": canvas,
    "time-limits": time_limits,
    "visibility-timeout": visibility_timeout,
}


def markdown(name: str, page: Path) -> str:
    """The line that shows a diagram on ``page``: both variants, the
    description as the alternative text."""
    svg = DIAGRAMS[name](LIGHT)
    alt = svg.desc.replace("[", "(").replace("]", ")")
    images = []
    for scheme in PALETTES:
        src = Path(*[".."] * (len(page.parents) - 1), "images", "diagrams")
        src = (src / f"{name}-{scheme}.svg").as_posix()
        # Its size reserves the space before it loads. The light variant is
        # also the one printed, so only the dark one waits until it is shown.
        attributes = f'.ctc-diagram width="{svg.width}" height="{svg.height}"'
        if scheme == "dark":
            attributes += ' loading="lazy"'
        images.append(f"![{alt}]({src}#only-{scheme}){{ {attributes} }}")
    return "".join(images)


def generated() -> dict[Path, str]:
    """Every diagram file and the content it must have."""
    return {
        OUT / f"{name}-{scheme}.svg": draw(palette).render(palette)
        for name, draw in DIAGRAMS.items()
        for scheme, palette in PALETTES.items()
    }


def main(argv: list[str]) -> int:
    return update(generated(), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
