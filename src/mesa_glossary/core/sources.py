"""Source documents: their structure, and finding quotes in them.

A source is a plain-text collection of forum comments. We split it into blocks at blank
lines; a short single line without closing punctuation is the title of the post the
following comments belong to, anything else is a passage. Every block gets an anchor
that depends only on its own text, so links to a passage survive edits elsewhere.

Quotes match exactly except that any run of Unicode whitespace matches any other run.
We search a copy of the text with whitespace runs collapsed to one space and map the
hit back to the original characters, so pages always show the source's own characters.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

#: The whitespace runs that normalizing changes: all but a lone space, which stays as it is.
#: Sources are mostly single spaces between words, so matching only these keeps the
#: collapse loop to one step per line break rather than one per word.
_IRREGULAR_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
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
        self.blocks = _split_blocks(text)
        self._block_starts = [block.start for block in self.blocks]
        self._normalized, self._run_starts, self._run_shifts = _collapse_whitespace(text)

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
        run = bisect_right(self._run_starts, normalized_index) - 1
        return normalized_index + (self._run_shifts[run] if run >= 0 else 0)


def _collapse_whitespace(text: str) -> tuple[str, list[int], list[int]]:
    """The text with whitespace runs collapsed, and a sparse map back to the original.

    Only runs that are not already a single space are recorded: after the run that ends
    at normalized index ``run_starts[i]``, original indexes are ``run_shifts[i]`` ahead.
    """
    pieces: list[str] = []
    run_starts: list[int] = []
    run_shifts: list[int] = []
    copied_until = 0
    normalized_length = 0
    shift = 0
    for match in _IRREGULAR_WHITESPACE.finditer(text):
        pieces.append(text[copied_until : match.start()])
        pieces.append(" ")
        normalized_length += match.start() - copied_until + 1
        shift += len(match.group()) - 1
        run_starts.append(normalized_length)
        run_shifts.append(shift)
        copied_until = match.end()
    pieces.append(text[copied_until:])
    return "".join(pieces), run_starts, run_shifts


def _split_blocks(text: str) -> list[Block]:
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
            kind: Literal["title", "passage"] = "title" if _looks_like_title(stripped) else "passage"
            anchor = _unique(_anchor(kind, stripped), used_anchors, numbers)
            line += text.count("\n", counted_until, start)
            counted_until = start
            blocks.append(Block(kind, stripped, start, start + len(stripped), line, anchor))
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


def _anchor(kind: str, text: str) -> str:
    if kind == "title":
        slug = re.sub(r"[^a-z0-9]+", "-", _MARKDOWN_HEADING_MARK.sub("", text).casefold()).strip("-")
        return slug or "title"
    digest = hashlib.sha1(normalize_whitespace(text).encode("utf-8")).hexdigest()
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
