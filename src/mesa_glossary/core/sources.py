"""Source documents: their structure, and finding quotes in them.

A source is a plain-text collection of forum comments. We split it into blocks at blank
lines; a short single line without closing punctuation is the title of the post the
following comments belong to, anything else is a passage. Every block gets an anchor
that depends only on its own text, so links to a passage survive edits elsewhere.

Quotes match exactly except that any run of Unicode whitespace matches any other run.
We search a copy of the text with whitespace runs collapsed to one space and map the
hit back to the original characters, so pages always show the source's own characters.
The same copy gives each passage the normalized text its anchor is made from.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

#: Every character ``\s`` matches except the space and the line feed (a unit test checks
#: the list against ``\s``): in the probe ``_irregular_runs`` searches they become line feeds.
_UNCOMMON_WHITESPACE = (
    "\t\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: A whitespace run of the probe, from its first line feed on.
_RUN_FROM_FIRST_LINE_FEED = re.compile(r"\n[ \n]*")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_WORD = re.compile(r"\w+")
_MARKDOWN_HEADING_MARK = re.compile(r"^#{1,6}\s+")

#: A title is a short single line with at most this many words and characters...
TITLE_MAX_WORDS = 10
TITLE_MAX_CHARS = 90
#: ... that does not end like a sentence or a clause.
_SENTENCE_END = tuple(".?!,;…")


def normalize_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends.

    ``str.split`` splits at exactly the characters ``\\s`` matches, and is faster.
    """
    return " ".join(text.split())


@dataclass(frozen=True)
class Block:
    """A title or passage of a source, with its place in the source's text."""

    kind: Literal["title", "passage"]
    text: str
    start: int
    end: int
    line: int
    anchor: str

    @property
    def display_text(self) -> str:
        """Titles lose a leading Markdown ``#`` mark; passages are shown as they are."""
        return _MARKDOWN_HEADING_MARK.sub("", self.text) if self.kind == "title" else self.text


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of characters in a source's text."""

    start: int
    end: int


class SourceText:
    """A source's text, split into blocks and searchable for quotes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalized, self._run_ends, self._run_shifts = _collapse_whitespace(text)
        # the same run ends, counted in the normalized copy: what a found quote is mapped back by
        self._normalized_run_ends = [end - shift for end, shift in zip(self._run_ends, self._run_shifts, strict=True)]
        self.blocks = _split_blocks(text, self._normalized_between)
        self._block_starts = [block.start for block in self.blocks]

    def __eq__(self, other: object) -> bool:
        """Equal when the characters are (all else is made from them): a source read again
        compares equal to the same source read before (the preview looks for what an edit changed)."""
        return other.text == self.text if isinstance(other, SourceText) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def find(self, quote: str) -> Span | None:
        """Where ``quote`` stands in the text (whitespace-insensitively), or ``None``."""
        needle = normalize_whitespace(quote)
        if not needle:
            return None
        index = self._normalized.find(needle)
        if index < 0:
            return None
        return Span(self._original_index(index), self._original_index(index + len(needle) - 1) + 1)

    def matching_prefix_length(self, quote: str) -> int:
        """How many characters of the (normalized) quote are found in the text, from its start."""
        needle = normalize_whitespace(quote)
        low, high = 0, len(needle)
        while low < high:  # the longest found prefix, by bisection: finds are monotone
            middle = (low + high + 1) // 2
            if self._normalized.find(needle[:middle]) >= 0:
                low = middle
            else:
                high = middle - 1
        return low

    def closest_passage(self, quote: str) -> Block | None:
        """The passage sharing the most words with ``quote``: what the editor probably meant."""
        wanted = {word.casefold() for word in _WORD.findall(quote)}
        best: tuple[float, Block] | None = None
        for block in self.blocks:
            if block.kind != "passage":
                continue
            words = {word.casefold() for word in _WORD.findall(block.text)}
            score = len(wanted & words) / (len(wanted | words) or 1)
            if best is None or score > best[0]:
                best = (score, block)
        return best[1] if best else None

    def blocks_overlapping(self, span: Span) -> Iterator[Block]:
        """The blocks a quoted span touches (usually one passage), found by bisection."""
        index = max(bisect_right(self._block_starts, span.start) - 1, 0)
        while index < len(self.blocks) and self.blocks[index].start < span.end:
            if span.start < self.blocks[index].end:
                yield self.blocks[index]
            index += 1

    def _original_index(self, normalized_index: int) -> int:
        run = bisect_right(self._normalized_run_ends, normalized_index) - 1
        return normalized_index + (self._run_shifts[run] if run >= 0 else 0)

    def _normalized_between(self, start: int, end: int) -> str:
        """``normalize_whitespace(self.text[start:end])`` for a stripped block, cut from the
        normalized copy instead of splitting and joining the block again."""
        return self._normalized[self._normalized_index(start) : self._normalized_index(end)]

    def _normalized_index(self, original_index: int) -> int:
        """Where an index that is not inside a collapsed run lands in the normalized copy."""
        run = bisect_right(self._run_ends, original_index) - 1
        return original_index - (self._run_shifts[run] if run >= 0 else 0)


def _collapse_whitespace(text: str) -> tuple[str, list[int], list[int]]:
    """The text with whitespace runs collapsed, and a sparse map between the two.

    Only runs that are not already a single space are recorded: after the run that ends
    at original index ``run_ends[i]``, original indexes are ``run_shifts[i]`` ahead of
    normalized ones. The copy is joined in one go from the pieces between the runs.
    """
    run_starts, run_ends = _irregular_runs(text)
    normalized = " ".join(text[end:start] for end, start in zip([0, *run_ends], [*run_starts, len(text)], strict=True))
    run_shifts = list(accumulate(end - start - 1 for start, end in zip(run_starts, run_ends, strict=True)))
    return normalized, run_ends, run_shifts


def _irregular_runs(text: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the whitespace runs that normalizing changes: all but lone spaces.

    A regular expression for these runs (``\\s{2,}|[^\\S ]``) has to try a match at every
    space, since a run may begin with one, and sources are mostly single spaces between
    words: that search would be most of the time spent building a source. Instead we search a
    probe of the same length in which every whitespace character but the space, and every
    pair of spaces, has become a line feed. Exactly the runs we want then hold a line feed,
    and a search that begins with a line feed skips over everything else quickly. Pairs
    are replaced from the left, so at most one space is left before a run's first line feed.
    """
    probe = text
    for character in _UNCOMMON_WHITESPACE:
        probe = probe.replace(character, "\n")
    probe = probe.replace("  ", "\n\n")
    run_starts: list[int] = []
    run_ends: list[int] = []
    for match in _RUN_FROM_FIRST_LINE_FEED.finditer(probe):
        first_line_feed, end = match.span()
        run_starts.append(first_line_feed - 1 if probe.endswith(" ", 0, first_line_feed) else first_line_feed)
        run_ends.append(end)
    return run_starts, run_ends


def _split_blocks(text: str, normalized_between: Callable[[int, int], str]) -> list[Block]:
    """The titles and passages of ``text``; ``normalized_between(start, end)`` is the
    whitespace-normalized text of a block, which a passage's anchor is made from."""
    blocks: list[Block] = []
    used_anchors: set[str] = set()
    numbers: dict[str, int] = {}
    position = 0
    line, counted_until = 1, 0  # lines are counted on from the previous block, not from the top
    for separator in [*_BLANK_LINES.finditer(text), None]:
        end = separator.start() if separator else len(text)
        raw = text[position:end]
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            stripped_end = start + len(stripped)
            if _looks_like_title(stripped):
                kind: Literal["title", "passage"] = "title"
                anchor = _title_anchor(stripped)
            else:
                kind, anchor = "passage", _passage_anchor(normalized_between(start, stripped_end))
            line += text.count("\n", counted_until, start)
            counted_until = start
            blocks.append(Block(kind, stripped, start, stripped_end, line, _unique(anchor, used_anchors, numbers)))
        if separator:
            position = separator.end()
    return blocks


def _looks_like_title(block: str) -> bool:
    return (
        "\n" not in block
        and len(block) <= TITLE_MAX_CHARS
        and len(block.split()) <= TITLE_MAX_WORDS
        and not block.endswith(_SENTENCE_END)
        and any(character.isalpha() for character in block)
    )


def _title_anchor(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _MARKDOWN_HEADING_MARK.sub("", title).casefold()).strip("-")
    return slug or "title"


def _passage_anchor(normalized_passage: str) -> str:
    """A digest of the passage with its whitespace normalized: rewrapping it keeps its links."""
    digest = hashlib.sha1(normalized_passage.encode("utf-8")).hexdigest()
    return f"p-{digest[:8]}"


def _unique(anchor: str, used: set[str], numbers: dict[str, int]) -> str:
    """``anchor``, or ``anchor-2``, ``anchor-3``… the first not used yet.

    ``numbers`` remembers the last number given to each anchor, so that the thousandth
    copy of a passage starts where the last one stopped, not at 2: the same anchors,
    found in linear time.
    """
    candidate, counter = anchor, numbers.get(anchor, 1)
    while candidate in used:
        counter += 1
        candidate = f"{anchor}-{counter}"
    numbers[anchor] = counter
    used.add(candidate)
    return candidate
