"""The code blocks of a built page, with the text a reader's copy button copies.

Material (9.8) gives every ``pre > code`` in a page a copy button when the
``content.code.copy`` feature is on, unless the block sits in an element with
class ``no-copy`` (a nearer ``copy`` class wins). The button copies the code
element's ``innerText`` with annotations hidden, ``trimEnd()``-ed, or an
ancestor's ``data-copy`` attribute instead. Nothing else is left out: console
prompts (``.gp``) and outputs (``.go``) are copied like any other text. The
block's language comes from pymdownx.highlight's ``pygments_lang_class``
(``language-python``), its title from Material's ``span.filename``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, in page order
    language: str | None
    title: str | None
    copyable: bool
    text: str  # what the copy button copies (for any block, as if it had one)

    def __str__(self) -> str:
        name = f" {self.title!r}" if self.title else ""
        return f"block {self.number} ({self.language}{name})"


@dataclass
class _Element:
    tag: str
    classes: tuple[str, ...]
    data_copy: str | None
    title: str | None = None


class _BlockParser(HTMLParser):
    def __init__(self, copy_feature: bool):
        super().__init__()
        self.copy_feature = copy_feature
        self.stack: list[_Element] = []
        self.blocks: list[Block] = []
        self.code: list[str] | None = None  # text of the code element being read
        self.filename: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = tuple((attributes.get("class") or "").split())
        element = _Element(tag, classes, attributes.get("data-copy"))
        if tag == "code" and self.stack and self.stack[-1].tag == "pre":
            self.code = []
        if tag == "span" and "filename" in element.classes:
            self.filename = []
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self.code is not None:
            self.code.append(data)
        if self.filename is not None:
            self.filename.append(data)

    def handle_endtag(self, tag):
        if tag in VOID or all(element.tag != tag for element in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            element = self.stack.pop()
            if element.tag == "span" and self.filename is not None:
                highlight = self._highlight()
                if highlight is not None:
                    highlight.title = "".join(self.filename).strip()
                self.filename = None
            if element.tag == "code" and self.code is not None:
                self._close_block("".join(self.code))
                self.code = None
            if element.tag == tag:
                break

    def _highlight(self) -> _Element | None:
        for element in reversed(self.stack):
            if "highlight" in element.classes:
                return element
        return None

    def _close_block(self, inner_text: str) -> None:
        highlight = self._highlight()
        languages = [
            c.removeprefix("language-")
            for c in (highlight.classes if highlight else ())
            if c.startswith("language-")
        ]
        copyable = self.copy_feature
        for element in reversed(self.stack):
            if "copy" in element.classes or "no-copy" in element.classes:
                copyable = "copy" in element.classes
                break
        data_copy = next(
            (e.data_copy for e in reversed(self.stack) if e.data_copy is not None),
            None,
        )
        self.blocks.append(
            Block(
                number=len(self.blocks) + 1,
                language=languages[0] if languages else None,
                title=highlight.title if highlight else None,
                copyable=copyable,
                text=(data_copy if data_copy is not None else inner_text).rstrip(),
            )
        )


def blocks_of(html: str, copy_feature: bool = True) -> list[Block]:
    """Every ``pre > code`` block of a built page, in order."""
    parser = _BlockParser(copy_feature)
    parser.feed(html)
    parser.close()
    return parser.blocks


def built_page(site: Path, page: str) -> Path:
    """``site``'s HTML file for the Markdown page ``page`` (``a/b.md``)."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return site / "index.html"
    return site / stem.removesuffix("/index") / "index.html"
