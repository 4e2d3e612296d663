"""``mesa-glossary link``: link the glossary terms mentioned in someone's Markdown post.

The post goes through the same matcher and the same rules as the site's own
auto-linking (:mod:`mesa_glossary.render.autolink`): whole words, any case, aliases,
longest name first, and never inside code, headings, links, URLs or raw HTML. A term
the post already links to the glossary is not linked again.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, CatalogTerm
from .render.autolink import markdown_mentions
from .render.markup import splice
from .staging import replace_file

_URL = re.compile(r"https?://[^\s)>\]\"']+")


@dataclass(frozen=True)
class LinkedPost:
    text: str
    #: The terms linked, in the order of their first new link.
    linked: list[CatalogTerm]
    links: int


def link_post(post: str, catalog: Catalog, *, base_url: str | None = None, every_mention: bool = False) -> LinkedPost:
    """``post`` with the first mention of each term (or every mention) linked to its page.

    Linking first mentions only, a term the post already links to the glossary is
    skipped. A byte order mark and Windows line endings are kept as they were.
    """
    mark = "\ufeff" if post.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in post else "\n"
    text = post.removeprefix(mark).replace("\r\n", "\n")
    already = set() if every_mention else \
        {term.slug for url in _URL.findall(text) if (term := catalog.term_at(url, base_url))}
    mentions = markdown_mentions(catalog.matcher, text, exclude=already, first_only=not every_mention)
    edits = [(m.start, m.end, f"[{text[m.start:m.end]}]({catalog.url(catalog.term(m.slug), base_url)})")
             for m in mentions]
    linked = list({m.slug: catalog.term(m.slug) for m in mentions}.values())
    return LinkedPost(mark + splice(text, edits).replace("\n", newline), linked, len(edits))


def rewrite_in_place(path: Path, text: str) -> Path:
    """Replace the post with ``text``, keeping the original as ``POST.bak``; returns the backup.

    A symlink is followed (the file it names is rewritten), the file keeps its
    permissions, and the new text is renamed into place: the post is never half-written.
    """
    target = path.resolve()
    backup = target.with_name(target.name + ".bak")
    shutil.copy2(target, backup)
    replace_file(target, text.encode("utf-8"), keep_mode=True)
    return backup
