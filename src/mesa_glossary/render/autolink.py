"""Links the terms mentioned in definitions (Markdown) and in source passages (plain text).

Both kinds of text go through the one :class:`~mesa_glossary.matcher.TermMatcher`; this
module only decides where a mention may not be linked and writes the links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..matcher import Mention, TermMatcher
from ..wikilinks import RangeSet, code_ranges
from .markup import escape, escape_lines

#: A line's start inside block quotes and list items, where a heading may stand too.
_CONTAINERS = r"^(?:[ \t]{0,3}(?:>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+))*"

#: Markdown where a mention must stay as it is: front matter, ATX headings (also in quotes
#: and lists), reference definitions, links of every kind (wikilinks included, their text
#: may wrap), HTML blocks and tags, bare URLs, entities and attribute lists. (Setext
#: headings, comments and HTML elements are found by scans of their own: as patterns
#: they would re-read the rest of a paragraph from every line or every unclosed opener.)
_PROTECTED = re.compile(
    r"\A---[ \t]*\n[\s\S]*?^(?:---|\.\.\.)[ \t]*$"
    + r"|" + _CONTAINERS + r"[ \t]{0,3}\#{1,6}(?:[ \t][^\n]*)?$"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*(?:\n[ \t]+[\"'(][^\n]*)?$"
    r"|!?\[(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*\]"
    r"(?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\])?"
    r"|^[ \t]{0,3}<(?:(?:pre|code|script|style|textarea|div|table|details|figure|blockquote|p|ul|ol|dl|section"
    r"|aside)\b|!--)[\s\S]*?(?:\n[ \t]*\n|\Z)"
    r"|<[^>\n]+>"
    r"|https?://[^\s)>\]]+"
    r"|&\#?\w+;"
    r"|\{:?[^}\n]*\}",
    re.MULTILINE | re.IGNORECASE,
)

#: Written after an automatic link, so pages can style mentions apart from chosen links.
MENTION_CLASS = "{ .mg-mention }"


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def _indented_code(markdown: str) -> list[tuple[int, int]]:
    """Lines of indented code blocks: four spaces or a tab in, after a blank line.

    A list item's indented paragraph looks the same; it is left unlinked too, since
    linking inside real code would be the worse mistake.
    """
    ranges: list[tuple[int, int]] = []
    position = 0
    previous_blank = in_code = True
    for line in markdown.splitlines(keepends=True):
        blank = not line.strip()
        if not blank:
            in_code = line.startswith(("    ", "\t")) and (in_code or previous_blank) and not _LIST_ITEM.match(line)
            if in_code:
                ranges.append((position, position + len(line)))
        previous_blank = blank
        position += len(line)
    return ranges


_CONTENT_LINE = re.compile(r"[ \t]{0,3}\S")
_UNDERLINE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_ELEMENT_OPENING = re.compile(r"<(pre|code|a)\b", re.IGNORECASE)


def _setext_headings(markdown: str) -> Iterator[tuple[int, int]]:
    """Headings underlined with ``===`` or ``---``: from the first line of the run of
    text lines above the underline (the last one in the run) to the underline's end."""
    run_start: int | None = None
    heading: tuple[int, int] | None = None
    position = 0
    for line in markdown.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if run_start is not None and position > run_start and _UNDERLINE.fullmatch(body):
            heading = (run_start, position + len(body))
        if _CONTENT_LINE.match(body) and line.endswith("\n"):
            run_start = position if run_start is None else run_start
        else:
            if heading:
                yield heading
            run_start = heading = None
        position += len(line)
    if heading:
        yield heading


def _comments(markdown: str) -> Iterator[tuple[int, int]]:
    """``<!-- … -->``; an unclosed one ends the search (no later one can close either)."""
    start = markdown.find("<!--")
    while start >= 0:
        end = markdown.find("-->", start + 4)
        if end < 0:
            return
        yield start, end + 3
        start = markdown.find("<!--", end + 3)


def _html_elements(markdown: str) -> Iterator[tuple[int, int]]:
    """``<pre>``, ``<code>`` and ``<a>`` elements with what they hold. Each closing tag is
    looked for once per name that can still close, so unclosed openers cost nothing."""
    unclosed: set[str] = set()
    position = 0
    while opening := _ELEMENT_OPENING.search(markdown, position):
        name = opening.group(1).lower()
        if name in unclosed:
            position = opening.end()
            continue
        closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(markdown, opening.end())
        if closing is None:
            unclosed.add(name)
            position = opening.end()
            continue
        yield opening.start(), closing.end()
        position = closing.end()


def protected_ranges(markdown: str) -> list[tuple[int, int]]:
    """Sorted, merged ranges of ``markdown`` that no automatic link may touch."""
    ranges = [*code_ranges(markdown), *_indented_code(markdown), *_setext_headings(markdown)]
    if "<" in markdown:
        ranges += [*_comments(markdown), *_html_elements(markdown)]
    ranges += [match.span() for match in _PROTECTED.finditer(markdown)]
    return RangeSet(ranges).ranges


def markdown_mentions(matcher: TermMatcher, markdown: str, exclude: Iterable[str],
                      first_only: bool = True) -> list[Mention]:
    """Mentions of terms in Markdown prose (the first of each), outside code, headings and links."""
    return matcher.mentions(markdown, skip=protected_ranges(markdown), exclude=exclude, first_only=first_only)


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
