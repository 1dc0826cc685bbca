"""The built HTML: every internal link and anchor resolves, every page has its
own description and Open Graph tags, and a sitemap and a 404 page exist."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from tools.checklist import load_config

SITE_URL = load_config()["site_url"]


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.meta = [], set(), {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name) and tag in {"a", "link", "script", "img"}:
                self.links.append(attributes[name])
        if tag == "meta":
            key = attributes.get("name") or attributes.get("property")
            if key:
                self.meta[key] = attributes.get("content", "")


@pytest.fixture(scope="module")
def site(built_site):
    root = built_site
    pages = {}
    for html in root.rglob("*.html"):
        parser = PageParser()
        parser.feed(html.read_text(encoding="utf-8"))
        pages[html] = parser
    return root, pages


def target_of(root: Path, page: Path, link: str):
    """The file and fragment an internal link points to, or None if external."""
    page_url = "/" + page.relative_to(root).as_posix()
    url = urlparse(urljoin(page_url, link))
    if url.scheme or url.netloc:
        return None
    path = root / unquote(url.path).lstrip("/")
    if url.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, url.fragment


def test_every_internal_link_and_anchor_resolves(site):
    root, pages = site
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            if link.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = target_of(root, page, link)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page.relative_to(root)}: {link} (no file)")
            elif fragment and path in pages and fragment not in pages[path].ids:
                broken.append(f"{page.relative_to(root)}: {link} (no anchor)")
    assert broken == []


def test_external_links_are_well_formed_https(site):
    _, pages = site
    external = sorted(
        {
            link
            for parsed in pages.values()
            for link in parsed.links
            if urlparse(link).scheme in {"http", "https"}
            and not link.startswith(SITE_URL)
        }
    )
    assert external, "expected links to the Celery docs"
    for link in external:
        url = urlparse(link)
        assert url.scheme == "https", link
        assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", url.netloc), link


def content_pages(site):
    _, pages = site
    return {p: parsed for p, parsed in pages.items() if p.name == "index.html"}


def test_every_page_has_its_own_description_and_open_graph_tags(site):
    pages = content_pages(site)
    descriptions = [parsed.meta.get("description") for parsed in pages.values()]
    assert all(descriptions)
    assert len(set(descriptions)) == len(descriptions), "descriptions repeat"
    for parsed in pages.values():
        assert parsed.meta["og:description"] == parsed.meta["description"]
        assert parsed.meta["og:title"]
        assert parsed.meta["og:url"].startswith(SITE_URL)


def test_a_sitemap_lists_every_page_and_a_404_page_exists(site):
    root, _ = site
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    expected = {
        SITE_URL + p.parent.relative_to(root).as_posix().removeprefix(".") + "/"
        for p in content_pages(site)
    }
    assert listed == {url.replace(SITE_URL + "/", SITE_URL) for url in expected}
    assert "404" in (root / "404.html").read_text(encoding="utf-8")


def test_no_page_asks_github_for_repository_facts(site):
    """Material's header widget for repo_url fetches stars and forks from
    api.github.com on every visit; a browser test would only catch it when
    that request happens before the page is closed."""
    root, _ = site
    for page in content_pages(site):
        html = page.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in html, page.relative_to(root)
        assert "api.github.com" not in html, page.relative_to(root)


def test_item_pages_link_to_their_source_for_editing(site):
    root, _ = site
    page = root / "handling-failure" / "acks-late" / "index.html"
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', page.read_text())
    assert edit, "no edit link"
    assert edit.group(1).endswith("/edit/main/docs/handling-failure/acks-late.md")
