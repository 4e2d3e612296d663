"""Reading Markdown written by editors and authors: where code, links and headings are, where
``[[slug]]`` links and term mentions may be, and editing it in place.

``[[slug]]`` and ``[[slug|label]]`` link terms outside code.

Definitions are Markdown written by editors; a ``[[...]]`` inside a code span or a fenced
code block is an example, not a link, so it is left alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from mesa_glossary.core.matcher import Mention, TermMatcher

#: ``[[target]]`` or ``[[target|label]]``; also the Markdown extension's inline pattern.
#: Greedy runs: neither may hold a ``]``, so each ends where a lazy one would, without
#: trying the rest of the pattern after every character (twice as fast on definitions).
WIKILINK_PATTERN = r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]"
_WIKILINK = re.compile(WIKILINK_PATTERN)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class RangeSet:
    """Character ranges, merged and sorted, that answer "is this position inside one?" in
    logarithmic time: text is checked against them once per candidate, and a text can
    hold as many candidates as ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.ranges = merged
        self._starts = [start for start, _ in merged]

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self.ranges[index][1]


class WikiLink(NamedTuple):
    """A ``[[target]]`` or ``[[target|label]]`` and where it stands. A named tuple: ``check``
    makes one for every link of every definition, several times faster than a frozen dataclass."""

    target: str
    label: str | None
    start: int
    end: int


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code spans, sorted."""
    if "`" not in markdown and "~~~" not in markdown:  # most text has no code at all
        return []
    fences = RangeSet((match.start(), match.end()) for match in _FENCE.finditer(markdown))
    return sorted([*fences.ranges, *_code_spans(markdown, fences)])


def _code_spans(markdown: str, fences: RangeSet) -> Iterator[tuple[int, int]]:
    """Inline code spans: a run of backticks closed by the next run of the same length in
    the same paragraph. One pass over the runs, with a pointer per run length, so that a
    text full of unclosed backticks costs no more than one with none."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(markdown) if match.start() not in fences]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    pointers = dict.fromkeys(by_length, 0)
    breaks = [match.start() for match in _BLANK_LINE.finditer(markdown)]
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        while pointers[end - start] < len(same) and same[pointers[end - start]] <= index:
            pointers[end - start] += 1
        closing = same[pointers[end - start]] if pointers[end - start] < len(same) else None
        if closing is not None and bisect.bisect_left(breaks, start) == bisect.bisect_left(breaks, runs[closing][0]):
            yield start, runs[closing][1]
            index = closing + 1
        else:
            index += 1


def find_wikilinks(markdown: str) -> Iterator[WikiLink]:
    """Every ``[[...]]`` link that is not inside code."""
    if "[[" not in markdown:
        return
    code = code_ranges(markdown)
    inside_code = RangeSet(code) if code else ()  # most definitions have no code: no ranges to build
    for match in _WIKILINK.finditer(markdown):
        if match.start() in inside_code:
            continue
        label = match.group(2).strip() if match.group(2) else None
        yield WikiLink(match.group(1).strip(), label, match.start(), match.end())



def running_text_name(written: str, slug: str, name: str) -> str:
    """How a ``[[link]]`` without a label reads mid-sentence: as written, or the name for a slug.

    ``[[base-optimizer]]`` reads "base optimizer", but "ELK" or "SGD" keep their capitals.
    """
    if written != slug:
        return written
    return name[0].lower() + name[1:] if name[:2].istitle() and not name.split()[0][1:].isupper() else name


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


#: Titles of works, which name a paper or a post rather than mention a term in it
#: ("Risks from Learned Optimization", *Superintelligence*): a quoted or italic phrase that
#: starts with a capital; and, unquoted, capitalised words joined by a small word (Risks from
#: Learned Optimization) or four capitalised words in a row. Three in a row are not enough:
#: "A Mesa Optimizer is…" starts a sentence.
_TITLE_WORD = r"[A-Z][\w'’-]*"
_SMALL_WORDS = r"(?:a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|via|vs\.?|with)"
_TITLES = re.compile(
    r"\"[A-Z][^\"\n]{0,150}\"|“[A-Z][^”\n]{0,150}”"
    r"|(?<![\w*])\*(?!\*)[A-Z][^*\n]{0,150}\*(?!\*)|(?<![\w_])_(?!_)[A-Z][^_\n]{0,150}_(?![\w_])"
    rf"|\b{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD})*(?:[ \t]+{_SMALL_WORDS}(?:[ \t]+{_TITLE_WORD})+)+"
    rf"|\b{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{3,}}")


def protected_ranges(markdown: str) -> list[tuple[int, int]]:
    """Sorted, merged ranges of ``markdown`` that no automatic link may touch: code, headings,
    links, URLs, raw HTML, and the titles of works."""
    ranges = [*code_ranges(markdown), *_indented_code(markdown), *_setext_headings(markdown)]
    if "<" in markdown:
        ranges += [*_comments(markdown), *_html_elements(markdown)]
    ranges += [match.span() for match in _PROTECTED.finditer(markdown)]
    ranges += [match.span() for match in _TITLES.finditer(markdown)]
    return RangeSet(ranges).ranges


def markdown_mentions(matcher: TermMatcher, markdown: str, exclude: Iterable[str],
                      first_only: bool = True) -> list[Mention]:
    """Mentions of terms in Markdown prose (the first of each), outside code, headings and links."""
    return matcher.mentions(markdown, skip=protected_ranges(markdown), exclude=exclude, first_only=first_only)


def splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` put in place; edits must not overlap."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        pieces.extend((text[position:start], replacement))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
