"""What the site's pages and the printed book show alike, worked out once for both.

Each renderer formats these its own way (Markdown for the site, HTML for the book), but
which letter a name is listed under, or what is said about a source, is decided here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from mesa_glossary.core.diagnostics import counted
from mesa_glossary.core.model import Glossary, Source, SourceMention

Item = TypeVar("Item")
_SPACES = re.compile(r"\s+")
#: Where names that start with no letter are listed: after Z.
OTHER = "#"
#: About how many characters of a passage stand either side of a mention in its excerpt.
EXCERPT_CONTEXT = 70
#: How many mentions a term's page and the book show; the rest are counted by source.
MENTIONS_SHOWN = 8


def letter_groups(items: Iterable[Item], name: Callable[[Item], str]) -> list[tuple[str, list[Item]]]:
    """Items under the initial of their name, letters in order and :data:`OTHER` last;
    items keep their order within a letter."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        initial = name(item)[:1].upper()
        groups[initial if initial.isalpha() else OTHER].append(item)
    return [(letter, groups[letter]) for letter in sorted(groups, key=lambda letter: (letter == OTHER, letter))]


@dataclass(frozen=True)
class SourceFacts:
    """The line under a source's title: what it holds, its author and how much of it is
    quoted. Never its file name under ``seeds/``, which tells a reader nothing."""

    posts: int
    passages: int
    author: str | None
    quoted_passages: int

    @property
    def holds(self) -> str:
        """``3 posts, 120 passages``."""
        parts = ([counted(self.posts, "post")] if self.posts else []) + [counted(self.passages, "passage")]
        return ", ".join(parts)


def source_facts(glossary: Glossary, source: Source) -> SourceFacts:
    blocks = source.text.blocks
    return SourceFacts(sum(block.kind == "title" for block in blocks), sum(block.kind == "passage" for block in blocks),
                       source.author, len(glossary.quotes_from(source)))


@dataclass(frozen=True)
class Excerpt:
    """A few words around a mention, cut at word boundaries: ``before``, the mention, ``after``."""

    before: str
    match: str
    after: str


def excerpt(mention: SourceMention, *, context: int = EXCERPT_CONTEXT) -> Excerpt:
    """The mention in its passage, with about ``context`` characters either side."""
    text, block = mention.source.text.text, mention.block
    start = max(block.start, mention.start - context)
    end = min(block.end, mention.end + context)
    if start > block.start:  # cut at a word boundary, and say so
        start = text.find(" ", start, mention.start) + 1 or start
    if end < block.end:
        cut = text.rfind(" ", mention.end, end)
        end = cut if cut > 0 else end
    before = _SPACES.sub(" ", text[start : mention.start]).lstrip()
    after = _SPACES.sub(" ", text[mention.end : end]).rstrip()
    return Excerpt(("…" if start > block.start else "") + before, _SPACES.sub(" ", mention.written),
                   after + ("…" if end < block.end else ""))

