"""Hover cards: their data on the glossary's own pages, and the one card script with its layout.

The data is a script, not JSON fetched on demand, so cards show at once and also work
when the site is opened from disk (``file://``), where pages cannot fetch files. The card
script (``embed.js``, shipped in :mod:`mesa_glossary.assets`) is the same on the site and
on other people's pages; it learns the URL layout here, written into it at build time.
"""

from __future__ import annotations

import json
import re

from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import browser_layout


def cards_script(glossary: Glossary) -> str:
    """``window.mesaGlossaryCards``: name, summary, tags and aliases of every term, by slug."""
    cards = {term.slug: {"name": term.name, "short": term.short, "tags": list(term.tags),
                         "aliases": list(term.aliases)}
             for term in glossary.sorted_terms()}
    # "</" would end an inline <script>; escaping it keeps the file safe to inline anywhere.
    data = json.dumps(cards, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.mesaGlossaryCards = {data};\n"


#: Where ``embed.js`` takes its layout: ``var LAYOUT = /* layout */ null;``.
_LAYOUT_SLOT = re.compile(r"/\* layout \*/ null")


def embed_script(template: str, *, html_files: bool = False) -> str:
    """The card script with the site's URL layout (:func:`~mesa_glossary.core.urls.browser_layout`)
    written in; ``html_files`` for the copy read from disk."""
    layout = json.dumps(browser_layout(html_files=html_files), separators=(",", ":"))
    written, count = _LAYOUT_SLOT.subn(lambda _: layout, template)
    if count != 1:
        raise ValueError("embed.js has no 'var LAYOUT = /* layout */ null;' to write the layout into")
    return written
