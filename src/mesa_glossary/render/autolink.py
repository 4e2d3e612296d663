"""Links the terms mentioned in definitions (Markdown) and in source passages (plain text).

Both kinds of text go through the one :class:`~mesa_glossary.matcher.TermMatcher`; this
module only decides where a mention may not be linked and writes the links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..matcher import Mention, TermMatcher
from ..wikilinks import code_ranges
from .markup import escape, escape_lines

#: Markdown where a mention must stay as it is: headings, links of every kind (wikilinks
#: included), raw HTML and its links, bare URLs, entities and attribute lists.
_PROTECTED = re.compile(
    r"^[ \t]{0,3}\#{1,6}(?:[ \t][^\n]*)?$"
    r"|!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\](?:\([^)\n]*\)|\[[^\]\n]*\])?"
    r"|<a\b[\s\S]*?</a\s*>"
    r"|<[^>\n]+>"
    r"|https?://[^\s)>\]]+"
    r"|&\#?\w+;"
    r"|\{:?[^}\n]*\}",
    re.MULTILINE,
)

#: Written after an automatic link, so pages can style mentions apart from chosen links.
MENTION_CLASS = "{ .mg-mention }"


def protected_ranges(markdown: str) -> list[tuple[int, int]]:
    """Sorted, merged ranges of ``markdown`` that no automatic link may touch."""
    ranges = code_ranges(markdown) + [match.span() for match in _PROTECTED.finditer(markdown)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def markdown_mentions(matcher: TermMatcher, markdown: str, exclude: Iterable[str]) -> list[Mention]:
    """The first mention of each term in Markdown prose, outside code, headings and links."""
    return matcher.mentions(markdown, skip=protected_ranges(markdown), exclude=exclude)


def literal_with_links(text: str, start: int, end: int, mentions: Iterable[Mention],
                       target: Callable[[str], str]) -> str:
    """``text[start:end]`` as literal Markdown, with the mentions inside it linked.

    ``target`` gives the link for a term's slug. Line breaks are kept (see
    :func:`~mesa_glossary.render.markup.escape_lines`).
    """
    pieces: list[str] = []
    position = start
    for mention in mentions:
        if mention.start < start or mention.end > end:
            continue
        pieces.append(escape_lines(text[position : mention.start]))
        pieces.append(mention_link(text[mention.start : mention.end], target(mention.slug)))
        position = mention.end
    pieces.append(escape_lines(text[position:end]))
    return "".join(pieces)


def mention_link(written: str, target: str) -> str:
    """The link for a mention: its words as written, marked as an automatic link."""
    return f"[{escape(written)}]({target}){MENTION_CLASS}"
