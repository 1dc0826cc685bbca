"""Lighthouse on every page of the built site: a benchmark, not a test.

Builds the site, serves it on loopback the way a static host would (gzip, 404
page), runs Lighthouse's mobile preset on every page of the sitemap with the
local Chromium, writes ``reports/lighthouse.json`` and prints a table. Exits 1
when a page scores under MINIMUM or weighs more than MAXIMUM below.

    python -m tools.audit [--site DIR] [--pages N] [--report FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.site import CHROMIUM_FLAGS, build_site, find_chromium, serve

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "si_ms": "speed-index",
}
# Performance is printed, not a gate: Lighthouse's simulated mobile LCP falls
# in one of two modes from run to run (about 1.6 s or 2.5-3 s), and its total
# blocking time follows the machine's load (170-570 ms on the same pages). On
# 3 December 2026 two fresh-clone `bash .ci/run`s scored the same pages 73-98
# and 80-97 (time-limits 81 in one, 73 in the other, medians of three). A gate
# on it fails at random on a loaded machine. What made the one slow page slow
# (Check your project with its whole module inlined: 61) is what the gate
# checks instead, and it gives the same number on every run: the bytes a page
# transfers and the elements in its document (pages were 193-200 kB and at
# most 1,539 elements, canvas, that day).
MINIMUM = {"accessibility": 100, "best-practices": 100, "seo": 100}
MAXIMUM = {"bytes": 250_000, "dom": 2_000}


def pages(site_dir: Path) -> list[str]:
    """Every page of the sitemap, as paths relative to the site root."""
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>(.*?)</loc>", sitemap)
    root = re.match(r"https?://[^/]+/", urls[0]).group(0)
    return [url.removeprefix(root) for url in urls]


def lighthouse(url: str, chromium: str | None) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={output}",
                f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
            ],
            check=True,
            env={**os.environ, **({"CHROME_PATH": chromium} if chromium else {})},
            timeout=180,
        )
        return json.loads(output.read_text(encoding="utf-8"))


def summary(path: str, report: dict) -> dict:
    scores = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    failing = sorted(
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    )
    return {
        "page": "/" + path,
        **scores,
        "bytes": int(report["audits"]["total-byte-weight"]["numericValue"]),
        "dom": int(report["audits"]["dom-size"]["numericValue"]),
        # What the performance score is made of, to see why a page scores less.
        "metrics": {
            name: round(report["audits"][audit_id]["numericValue"], 3)
            for name, audit_id in METRICS.items()
        },
        "failing": failing,
    }


def audit_page(base: str, path: str, chromium: str | None) -> dict:
    """One run: the gated numbers are the same on every run."""
    return summary(path, lighthouse(base + path, chromium))


def table(rows: list[dict]) -> str:
    header = (
        f"{'page':<48} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} "
        f"{'bytes':>8} {'dom':>5}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['page']:<48} {row['performance']:>4} {row['accessibility']:>4} "
            f"{row['best-practices']:>4} {row['seo']:>4} {row['bytes']:>8} "
            f"{row['dom']:>5}"
            + (f"  failing: {', '.join(row['failing'])}" if row["failing"] else "")
        )
    lowest = {name: min(row[name] for row in rows) for name in CATEGORIES}
    largest = max(rows, key=lambda row: row["bytes"])
    most = max(row["dom"] for row in rows)
    lines += [
        "-" * len(header),
        f"{'minimum / maximum':<48} {lowest['performance']:>4} "
        f"{lowest['accessibility']:>4} {lowest['best-practices']:>4} "
        f"{lowest['seo']:>4} {largest['bytes']:>8} {most:>5}"
        f"  (largest: {largest['page']})",
    ]
    return "\n".join(lines)


def out_of_bounds(rows: list[dict]) -> list[str]:
    return [
        f"{row['page']}: {name} {row[name]} < {MINIMUM[name]}"
        for row in rows
        for name in MINIMUM
        if row[name] < MINIMUM[name]
    ] + [
        f"{row['page']}: {name} {row[name]} > {MAXIMUM[name]}"
        for row in rows
        for name in MAXIMUM
        if row[name] > MAXIMUM[name]
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site")
    parser.add_argument("--pages", type=int, help="audit only the first N pages")
    parser.add_argument("--report", type=Path, default=ROOT / "reports/lighthouse.json")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci` (make audit does).")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or build_site(Path(scratch) / "site")
        paths = pages(site)[: args.pages]
        chromium = find_chromium()
        rows = []
        with serve(site) as base:
            for path in paths:
                rows.append(audit_page(base, path, chromium))
                print(f"audited /{path}", file=sys.stderr)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"\nreport: {args.report}")
    failures = out_of_bounds(rows)
    for failure in failures:
        print(f"OUT OF BOUNDS {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
