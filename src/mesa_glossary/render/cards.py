"""The data behind hover cards and the index filter: one small script for every page.

It is a script, not JSON fetched on demand, so cards show at once and also work when
the site is opened from disk (``file://``), where pages cannot fetch files.
"""

from __future__ import annotations

import json

from mesa_glossary.core.model import Glossary


def cards_script(glossary: Glossary) -> str:
    """``window.mesaGlossaryCards``: name, summary, tags and aliases of every term, by slug."""
    cards = {term.slug: {"name": term.name, "short": term.short, "tags": list(term.tags),
                         "aliases": list(term.aliases)}
             for term in glossary.sorted_terms()}
    # "</" would end an inline <script>; escaping it keeps the file safe to inline anywhere.
    data = json.dumps(cards, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.mesaGlossaryCards = {data};\n"
