"""What item pages, the home page, About, What changed and the 404 page give a
reader, checked in the Markdown sources and in the built HTML."""

from __future__ import annotations

import math
import re
import tomllib
from datetime import datetime
from html import unescape
from html.parser import HTMLParser

import pytest

from tools import checklist, reading_path
from tools.reading_path import included_text

ROOT, DOCS = checklist.ROOT, checklist.DOCS
ITEMS = checklist.load_items()
REPO = next(
    entry["link"]
    for entry in checklist.load_config()["extra"]["social"]
    if "github.com" in entry["link"]
)
TAB = re.compile(r'^=== "(?P<label>[^"]*)"')
FENCE = re.compile(
    r'^(?P<indent> *)```python(?P<options>[^\n]*)\n *--8<-- "(?P<spec>[^"]+)"'
)
INCLUDED = re.compile(r'^ *--8<-- "([^"]+)"', re.M)
HL_LINES = re.compile(r'hl_lines="([^"]*)"')
REPO_LINK = re.compile(re.escape(REPO) + r"/(?:blob|tree)/main/([^\s\")#?]+)")


def tab_fences(item: checklist.Item) -> list[tuple[str, str, str]]:
    """(tab label, fence options, included spec) for each example in a tab."""
    found, label = [], None
    text = (DOCS / item.path).read_text(encoding="utf-8")
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if match := TAB.match(line):
            label = match["label"]
        elif line and not line.startswith(" "):
            label = None
        if label and (match := FENCE.match("\n".join(lines[number : number + 2]))):
            found.append((label, match["options"], match["spec"]))
    return found


def line_numbers(spec: str) -> list[int]:
    numbers = []
    for part in spec.split():
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_each_example_highlights_a_line_that_is_there(item):
    fences = tab_fences(item)
    assert {label for label, _, _ in fences} == {"Do this", "Not this"}
    for label, options, spec in fences:
        highlighted = HL_LINES.search(options)
        assert highlighted, f"{item.id}, {label}: {spec} highlights no line"
        source = included_text(spec).rstrip("\n").split("\n")
        for number in line_numbers(highlighted.group(1)):
            assert 1 <= number <= len(source), f"{spec}: no line {number}"
            line = source[number - 1].strip()
            assert line, f"{spec}: line {number} is blank"
            # The lesson is code; a comment there means the snippet moved.
            assert not line.startswith("#"), f"{spec}: line {number} is a comment"


def test_hl_line_numbers_count_from_the_first_included_line():
    assert line_numbers("3 5-7") == [3, 5, 6, 7]
    section = included_text("snippets/exponential_backoff/schedule.py:schedule")
    assert section.split("\n")[0].strip() == "task = likes_do_facebook"


PYTHON_BLOCK = re.compile(
    r'<div class="language-python highlight">(.*?)</code></pre>', re.S
)
TAG = re.compile(r"<[^>]+>")


def highlighted_lines(block_html: str) -> list[str]:
    """The text of each line Pygments marked ``hll`` in one rendered block."""
    code = block_html.split("<code>", 1)[1]
    return [
        unescape(TAG.sub("", line)).strip()
        for line in code.split("\n")
        if '<span class="hll">' in line
    ]


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_the_rendered_examples_highlight_the_lines_the_page_names(item, site):
    """The reader sees the built page: the lines it highlights are the ones
    hl_lines names in the included text, counted without section markers."""
    page = (site / item.url / "index.html").read_text(encoding="utf-8")
    fences = tab_fences(item)
    tab_set = page.split('class="tabbed-set', 1)[1]
    blocks = PYTHON_BLOCK.findall(tab_set)[: len(fences)]
    for (label, options, spec), block in zip(fences, blocks, strict=True):
        source = included_text(spec).rstrip("\n").split("\n")
        numbers = line_numbers(HL_LINES.search(options).group(1))
        expected = [
            source[number - 1].strip() if number <= len(source) else f"no line {number}"
            for number in numbers
        ]
        assert highlighted_lines(block) == expected, f"{item.id}, {label}: {spec}"


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_each_example_links_its_file_and_verify_it_its_tests(item):
    text = (DOCS / item.path).read_text(encoding="utf-8")
    for _, _, spec in tab_fences(item):
        path = spec.partition(":")[0]
        assert f"({REPO}/blob/main/{path})" in text, f"no link to {path}"
    verify = text.split("## Verify it", 1)[1].split("\n## ", 1)[0]
    tests = sorted((ROOT / "tests" / item.id.replace("-", "_")).glob("test_*.py"))
    assert tests
    for test in tests:
        assert f"/blob/main/{test.relative_to(ROOT).as_posix()})" in verify


@pytest.mark.parametrize(
    "page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_every_included_file_is_linked_on_its_page(page):
    text = page.read_text(encoding="utf-8")
    included = {spec.partition(":")[0] for spec in INCLUDED.findall(text)}
    for path in included:
        assert f"({REPO}/blob/main/{path})" in text, f"no link to {path}"


def test_talk_and_2017_checklist_link_to_about_at_their_first_mention():
    mention = re.compile(r"\b[Tt]he (?:2017 )?(?:talk|checklist)\b")
    pages = []
    for page in sorted(DOCS.rglob("*.md")):
        if page.name in {"about.md", "changes.md"}:
            continue
        body = checklist.FRONT_MATTER.sub("", page.read_text(encoding="utf-8"))
        prose = [
            line
            for line in body.split("\n")
            if not line.lstrip().startswith(("!!!", "===", "#", "```", "--8<--"))
        ]
        first = next(
            (line for line in prose if re.search(r"\btalk\b|2017", line)), None
        )
        if first is None:
            continue
        pages.append(page)
        assert re.search(r"\[[^\]]*\]\((\.\./)*about\.md\)", first), (page, first)
        assert mention.search(first)
    assert len(pages) >= 12


def test_about_and_what_changed_are_pages_not_items():
    ids = {item.id for item in ITEMS}
    assert not ids & {"about", "changes"}
    nav = checklist.load_config()["nav"]
    assert {"About": "about.md"} in nav
    assert {"What changed": "changes.md"} in nav


def test_what_changed_names_only_supported_releases_newest_first():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    supported = pyproject["tool"]["celery-tasks-checklist"]["supported-celery"]
    text = (DOCS / "changes.md").read_text(encoding="utf-8")
    dates = re.findall(r"^## (\d{1,2} \w+ \d{4})$", text, re.M)
    assert dates
    parsed = [datetime.strptime(date, "%d %B %Y") for date in dates]
    assert parsed == sorted(parsed, reverse=True)
    tested = re.findall(r"^\*\*Tested on:\*\* (.*)$", text, re.M)
    assert len(tested) == len(dates)
    for releases in tested:
        named = re.findall(r"\d+\.\d+", releases)
        assert named, releases
        assert set(named) <= set(supported), releases
    assert re.findall(r"\d+\.\d+", tested[0]) == supported


def test_reading_path_lists_the_must_items_with_their_counted_times():
    must = [item for item in ITEMS if item.priority == "must"]
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| \[(.*?)\]\((.*?)\) \| (\d+) min \|$", index, re.M)
    assert [(title, path) for _, title, path, _ in rows] == [
        (item.title, item.path) for item in must
    ]
    for (_, _, _, minutes), item in zip(rows, must, strict=True):
        assert int(minutes) == math.ceil(reading_path.words(item) / 200)
        assert int(minutes) >= 1


def test_reading_time_counts_the_examples_and_not_the_diagrams():
    item = next(item for item in ITEMS if item.id == "exponential-backoff")
    page = (DOCS / item.path).read_text(encoding="utf-8")
    snippet = included_text("snippets/exponential_backoff/tasks.py")
    prose = checklist.FRONT_MATTER.sub("", page)
    assert reading_path.words(item) > len(snippet.split())
    assert reading_path.words(item) < len(prose.split()) + sum(
        len(included_text(spec).split())
        for spec in re.findall(r'--8<-- "([^"]+)"', prose)
    )


class Parsed(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.labels, self.code, self.meta = [], [], [], {}
        self._stack: list[str] = []
        self._tabs: list[list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        self._stack.append("tabs" if "tabbed-labels" in classes else tag)
        if "tabbed-labels" in classes:
            self.labels.append([])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "meta":
            key = attributes.get("name") or attributes.get("property")
            self.meta[key] = attributes.get("content", "")

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if self._stack[-2:] == ["tabs", "label"]:
            self.labels[-1].append(data.strip())


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def parse(html: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(html)
    return parsed


def test_every_tab_set_is_do_this_then_not_this(site):
    """pages.css marks the first tab good and the second bad by position."""
    sets = []
    for html in site.rglob("index.html"):
        sets += parse(html.read_text(encoding="utf-8")).labels
    assert len(sets) == len(ITEMS)
    assert all(labels == ["Do this", "Not this"] for labels in sets), sets


def test_summaries_show_option_names_as_code(site):
    page = (site / "handling-failure/acks-late/index.html").read_text()
    summary = re.search(r'<p class="ctc-summary">(.*?)</p>', page).group(1)
    assert "<code>acks_late</code>" in summary
    assert "<code>reject_on_worker_lost</code>" in summary
    assert "`" not in summary
    overview = (site / "checklist/index.html").read_text()
    assert "<code>acks_late</code>" in overview
    parsed = parse(page)
    for key in ("description", "og:description", "twitter:description"):
        assert parsed.meta[key].startswith("With acks_late and reject_on_worker_lost")


def test_a_summary_with_markup_characters_stays_text(site):
    """The template splits the summary at backticks and escapes each part."""
    item = next(item for item in ITEMS if item.id == "never-wait-inside-a-task")
    page = (site / item.url / "index.html").read_text()
    assert "<code>.get()</code>" in page
    assert item.summary.count("`") % 2 == 0


def test_links_into_the_repository_point_at_files_that_exist(site):
    checked = set()
    for html in site.rglob("index.html"):
        for link in parse(html.read_text(encoding="utf-8")).links:
            if match := REPO_LINK.match(link):
                checked.add(match.group(1))
    assert len(checked) > 60
    missing = sorted(path for path in checked if not (ROOT / path).exists())
    assert missing == []


def test_the_footer_version_line_leads_to_what_changed(site):
    for html in [site / "index.html", site / "handling-failure/acks-late/index.html"]:
        text = html.read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]+)" class="ctc-version">([^<]+)</a>', text)
        assert link, html
        assert link.group(1).endswith("changes/")
        assert link.group(2) == checklist.load_config()["copyright"]


def test_the_404_page_offers_the_checklist_and_search(site):
    text = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/checklist/"' in text
    assert 'class="md-button ctc-open-search"' in text
    assert 'id="__search"' in text


def test_the_home_page_has_two_ways_in(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    ways = text.split('class="ctc-ways-in"', 1)[1].split('class="ctc-reading-path"')[0]
    assert 'href="five-minutes/"' in ways
    assert 'href="checklist/"' in ways


def test_the_share_link_limit_the_checklist_states_is_the_scripts():
    """The page's number is MAX_LINK, and the script measures the part after `#`."""
    script = (DOCS / "javascripts/checklist.js").read_text(encoding="utf-8")
    limit = int(re.search(r"var MAX_LINK = (\d+);", script).group(1))
    assert "link.hash.length - 1 <= MAX_LINK" in script
    page = " ".join((DOCS / "checklist.md").read_text(encoding="utf-8").split())
    assert f"its part after the `#` stays within {limit:,} characters" in page
