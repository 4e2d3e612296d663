"""``mesa-glossary link``: link the glossary terms mentioned in someone's Markdown post.

The post goes through the same matcher and the same rules as the site's own
auto-linking (:mod:`mesa_glossary.render.autolink`): whole words, any case, aliases,
longest name first, and never inside code, headings, links, URLs or raw HTML. A term
the post already links to the glossary is not linked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .catalog import Catalog, CatalogTerm
from .render.autolink import markdown_mentions
from .render.markup import splice

_URL = re.compile(r"https?://[^\s)>\]\"']+")


@dataclass(frozen=True)
class LinkedPost:
    text: str
    #: The terms linked, in the order of their first new link.
    linked: list[CatalogTerm]
    links: int


def link_post(post: str, catalog: Catalog, *, base_url: str | None = None, every_mention: bool = False) -> LinkedPost:
    """``post`` with the first mention of each term (or every mention) linked to its page.

    Linking first mentions only, a term the post already links to the glossary is skipped.
    """
    already = set() if every_mention else \
        {term.slug for url in _URL.findall(post) if (term := catalog.term_at(url, base_url))}
    mentions = markdown_mentions(catalog.matcher, post, exclude=already, first_only=not every_mention)
    edits = [(m.start, m.end, f"[{post[m.start:m.end]}]({catalog.url(catalog.term(m.slug), base_url)})")
             for m in mentions]
    linked = list({m.slug: catalog.term(m.slug) for m in mentions}.values())
    return LinkedPost(splice(post, edits), linked, len(edits))
