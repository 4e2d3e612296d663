"""Blocks of HTML written whole pass through Markdown unread, and make the same page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from mesa_glossary import pipeline
from mesa_glossary.adapters.mkdocs.plugin import MARKDOWN_EXTENSIONS
from mesa_glossary.core.project import Project
from mesa_glossary.render import safe_html
from mesa_glossary.render.pages import render_overview_pages, render_term
from mesa_glossary.render.verbatim import CLOSING, OPENING, verbatim
from tests.support.projects import REPO

VERBATIM = "mesa_glossary.render.verbatim"
OTHERS = [name for name in MARKDOWN_EXTENSIONS if name != VERBATIM]


class _Elements(HTMLParser):
    """A page as its elements (attributes sorted, a bare attribute as its value) and its
    words: what a browser builds from it, without the source's spacing or comments."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append((tag, sorted((name, value or "" if value != name else "") for name, value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.items.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.items.extend(data.split())


def elements(html: str) -> list[object]:
    parser = _Elements()
    parser.feed(html)
    return parser.items


def convert(text: str, *, extensions: list[str]) -> str:
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return markdown.markdown(body, extensions=extensions)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    glossary = pipeline.check(Project.at(REPO))
    rendered = render_overview_pages(glossary, {})
    rendered["terms/mesa-optimizer.md"] = render_term(glossary, glossary.terms["mesa-optimizer"])
    return rendered


@pytest.mark.parametrize("path", ["terms/index.md", "tags.md", "terms/mesa-optimizer.md"])
def test_the_pages_are_the_same_with_or_without_the_extension(pages: dict[str, str], path: str) -> None:
    assert OPENING in pages[path]
    fast = convert(pages[path], extensions=[*OTHERS, VERBATIM])
    slow = convert(pages[path], extensions=OTHERS)
    assert OPENING not in fast and CLOSING not in fast  # the marks go
    assert elements(fast) == elements(slow)
    assert fast.count("<li>") == slow.count("<li>") > 0


def test_a_block_is_not_read_as_markdown() -> None:
    html = convert(verbatim("<div>\n\n*not emphasis* [[x]]\n\n    not code\n</div>") + "*emphasis*\n",
                   extensions=[*OTHERS, VERBATIM])
    assert html == "<div>\n\n*not emphasis* [[x]]\n\n    not code\n</div>\n<p><em>emphasis</em></p>"


def test_marks_in_code_stay_code_and_an_unclosed_mark_is_left_alone() -> None:
    fenced = f"```\n{OPENING}\n<b>x</b>\n{CLOSING}\n```\n"
    html = convert(fenced, extensions=[*OTHERS, VERBATIM])
    assert "<b>" not in html and "&lt;!-- mg:verbatim --&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    unclosed = convert(f"{OPENING}\n\n*text*\n", extensions=[*OTHERS, VERBATIM])
    assert "<em>text</em>" in unclosed


def test_a_marked_block_is_still_checked_for_script(tmp_path: Path) -> None:
    """Hand-written text can carry the marks: what it sets aside is HTML it could write
    anyway, and the page's HTML is checked after conversion whatever it came from."""
    hostile = f"{OPENING}\n<script>alert(1)</script><img src=https://evil.test/x.png>\n{CLOSING}\n"
    html = convert(hostile, extensions=[*OTHERS, VERBATIM])
    assert [why for _, why in safe_html.dangers(html)] == [
        why for _, why in safe_html.dangers(convert(hostile, extensions=OTHERS))]
    assert len(safe_html.dangers(html)) == 2
