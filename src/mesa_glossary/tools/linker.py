"""``mesa-glossary link``: link the glossary terms mentioned in someone's Markdown post.

The post goes through the same matcher and the same rules as the site's own
auto-linking (:mod:`mesa_glossary.render.autolink`): whole words, any case, aliases,
longest name first, and never inside code, headings, links, URLs, raw HTML or the
titles of works. A term the post already links (to the glossary, or anywhere by a link
whose text is one of its names) is not linked again.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.files import UnreadableFileError, describe_size, read_regular_file, replace_file
from mesa_glossary.core.markdown_text import markdown_mentions, splice
from mesa_glossary.tools.catalog import Catalog, CatalogTerm

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
        {term.slug for url in _URL.findall(text) if (term := catalog.term_at(url, base_url))} | \
        _named_by_links(catalog, text)
    mentions = markdown_mentions(catalog.matcher, text, exclude=already, first_only=not every_mention)
    edits = [(m.start, m.end, f"[{text[m.start:m.end]}]({catalog.url(catalog.term(m.slug), base_url)})")
             for m in mentions]
    linked = list({m.slug: catalog.term(m.slug) for m in mentions}.values())
    return LinkedPost(mark + splice(text, edits).replace("\n", newline), linked, len(edits))


_LINK_TEXT = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\(")


def _named_by_links(catalog: Catalog, text: str) -> set[str]:
    """Terms a link of the post already names by its text ([mesa-optimizers](elsewhere)):
    the author has linked that term, wherever to, so it is not linked again."""
    named: set[str] = set()
    for match in _LINK_TEXT.finditer(text):
        label = match.group(1)
        found = catalog.matcher.mentions(label, skip=[], exclude=(), first_only=False)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(label):
            named.add(found[0].slug)
    return named


#: Far above any post; a larger input is a mistake (or a device that never ends).
MAX_POST_BYTES = 16 * 1024 * 1024


def read_post(path: Path | None) -> bytes:
    """The post's bytes (so that line endings come back as they were), from ``path`` or
    standard input: a regular file, or input, of at most :data:`MAX_POST_BYTES`."""
    name = "-" if path is None else str(path)
    try:
        data = sys.stdin.buffer.read(MAX_POST_BYTES + 1) if path is None else read_regular_file(path, MAX_POST_BYTES)
    except UnreadableFileError as problem:
        raise ToolError(f"{name}: error: {problem}") from None
    except OSError as error:
        raise ToolError(f"{name}: error: cannot read the post: {error.strerror}") from None
    if len(data) > MAX_POST_BYTES:
        raise ToolError(f"{name}: error: the post is larger than {describe_size(MAX_POST_BYTES)}")
    return data


def rewrite_in_place(path: Path, original: bytes, text: str) -> Path:
    """Replace the post with ``text``, keeping ``original`` as ``POST.bak``; returns the backup.

    The post the author named may be a symbolic link: the file it names is rewritten.
    The backup is the tool's own file: whatever stands at ``POST.bak`` that is not a
    regular file (a link, above all, which would be written through) is refused before
    anything changes. Both are written beside their place and renamed into it, so
    neither is ever half-written; the post keeps its permissions.
    """
    target = path.resolve()
    backup = target.with_name(target.name + ".bak")
    replace_file(backup, original)
    replace_file(target, text.encode("utf-8"), keep_mode=True)
    return backup
