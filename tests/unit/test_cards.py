"""Hover cards: each page carries the cards of the terms it links, and no others (issue 17).

Every page used to load one script with the card of every term (2 MB at 10,000 terms);
now a page's cards grow with its links, not with the glossary.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from mesa_glossary.core.urls import CARDS_ELEMENT, linked_term
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.publish.tree import docs_tree
from mesa_glossary.render import safe_html
from mesa_glossary.render.cards import cards_element
from tests.support.projects import optimizer_with

_CARDS = re.compile(rf'<script type="application/json" id="{CARDS_ELEMENT}">(.*?)</script>', re.DOTALL)


def cards_of(tree: dict[str, bytes], page: str) -> dict[str, dict[str, object]]:
    """The cards a page of the docs tree carries; it carries exactly one element of them."""
    [data] = _CARDS.findall(tree[page].decode("utf-8"))
    return json.loads(data)


@pytest.mark.parametrize(("page", "target", "html_files", "slug"), [
    ("terms/a.md", "b.md", False, "b"),                   # as the docs tree writes links: from the file's folder
    ("map.md", "terms/b.md#quote-1", False, "b"),
    ("sources/s.md", "../terms/b.md", False, "b"),
    ("terms/a.md", "../b/", False, "b"),                  # raw HTML (the maps): from the page's directory URL
    ("map.md", "../terms/b/", False, "b"),
    ("index.md", "terms/b/index.html", False, "b"),
    ("terms/a.md", "b.html", True, "b"),                  # the copy on disk: from the page's .html file
    ("map.md", "terms/b.html", True, "b"),
    ("link.md", "https://glossary.test/terms/b/", False, "b"),  # the site's public address
    ("terms/a.md", "b/", False, None),                    # terms/a/b/
    ("map.md", "terms/b/", False, None),                  # map/terms/b/
    ("index.md", "terms/index.md", False, None),          # the A–Z index
    ("index.md", "https://elsewhere.test/terms/b/", False, None),
    ("index.md", "/terms/b/", False, None),
    ("sources/s.md", "../sources/b.md", False, None),
    ("terms/a.md", "#b", False, None),
    ("index.md", "mailto:b@glossary.test", False, None),
])
def test_a_link_is_read_back_as_the_engine_and_the_browser_resolve_it(page, target, html_files, slug):
    assert linked_term(page, target, html_files=html_files, site_url="https://glossary.test/") == slug


def test_each_page_carries_the_cards_of_the_terms_it_links_and_no_others(maker):
    maker.write("docs/guide.md", """\
        # Guide

        The [optimizer](terms/optimizer.md) has a card; `[not this](terms/base-optimizer.md)` is code.

        <div data-mg-summarized markdown>

        - [Mesa-optimizer](terms/mesa-optimizer.md): listed with its summary, so no card.

        </div>
        """)
    glossary = load_glossary(maker.project)
    tree = docs_tree(maker.project, glossary)
    mesa = cards_of(tree, "terms/mesa-optimizer.md")
    # Its definition links base-optimizer, its quote mentions optimizer (also its broader term,
    # listed with its summary), and its map has a box for itself and for optimizer.
    assert set(mesa) == {"base-optimizer", "optimizer", "mesa-optimizer"}
    assert mesa["base-optimizer"] == {"name": "Base optimizer", "short": "The training process that searches over models.",
                                      "tags": ["framework"], "aliases": []}
    assert set(cards_of(tree, "map.md")) == set(glossary.terms)
    assert set(cards_of(tree, "guide.md")) == {"optimizer"}
    for listing in ("terms/index.md", "tags.md", "sources/index.md"):  # every link is listed with its summary
        assert cards_of(tree, listing) == {}, listing
    offline = docs_tree(maker.project, glossary, offline=True)
    assert set(cards_of(offline, "map.md")) == set(glossary.terms), "the copy on disk's maps link .html files"
    assert [path for path in tree if path.endswith(".js") and "cards" in path] == [], "no script of every card"


def test_the_index_lists_each_terms_aliases_hidden_for_its_filter(maker):
    tree = docs_tree(maker.project, load_glossary(maker.project))
    index = tree["terms/index.md"].decode("utf-8")
    assert '<span class="mg-alias" hidden>mesa-optimiser</span>' in index
    assert "mg-alias" not in tree["tags.md"].decode("utf-8")


class _ScriptText(HTMLParser):
    """The text of each script element, as a browser reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_glossary_text_cannot_end_the_card_data_or_run(maker):
    short = "Ends </script><script>alert(1)</script>, opens <!-- a comment & an <img src=x onerror=alert(2)>."
    maker.term("optimizer", optimizer_with("").replace("short: A system that searches.", f"short: '{short}'"))
    glossary = load_glossary(maker.project)
    element = cards_element(glossary, ["optimizer"])
    reader = _ScriptText()
    reader.feed(f"<p>before</p>{element}<p>after</p>")
    reader.close()
    [text] = reader.scripts
    assert element == f'<script type="application/json" id="{CARDS_ELEMENT}">{text}</script>', "one element, whole"
    assert not re.search(r"[<>&]", text)
    assert json.loads(text)["optimizer"]["short"] == short
    assert safe_html.dangers(f"<p>x</p>{element}") == []


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>",
    '<script type="text/javascript">alert(1)</script>',
    '<script type="module">alert(1)</script>',
    '<script type="application/json" src="https://evil.example/cards.json"></script>',
    '<script type="application/json" onload="alert(1)"></script>',
    '<script type="application/json">{}</script><script>alert(1)</script>',
])
def test_the_page_audit_lets_only_data_through(html):
    assert safe_html.dangers(html) != []
