"""Reading a built site: the links and anchors of its pages, and which of them lead nowhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        href = attributes.get("href") or attributes.get("xlink:href")  # concept-map nodes are SVG links
        if tag == "a" and href:
            self.links.append(href)


def parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, *, from_disk: bool = False) -> list[str]:
    """Every internal link or anchor of ``site`` that leads nowhere.

    Read ``from_disk`` (``file://``), a link to a folder is broken too: no browser opens
    its ``index.html`` there.
    """
    pages = {path: parse(path) for path in site.rglob("*.html") if path.name != "404.html"}  # 404 links from /
    broken = []
    for path, parsed in pages.items():
        for href in parsed.links:
            if re.match(r"^[a-z]+:", href):
                continue
            target, _, anchor = href.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            if resolved.is_dir() and not from_disk:
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{path.relative_to(site)} → {href}")
            elif anchor and resolved.suffix == ".html" and anchor not in pages[resolved].ids:
                broken.append(f"{path.relative_to(site)} → {href} (no such anchor)")
    return broken


