"""``[[slug]]`` and ``[[slug|label]]`` links in Markdown, outside code.

Definitions are Markdown written by editors; a ``[[...]]`` inside a code span or a fenced
code block is an example, not a link, so it is left alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: ``[[target]]`` or ``[[target|label]]``; also the Markdown extension's inline pattern.
WIKILINK_PATTERN = r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
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


@dataclass(frozen=True)
class WikiLink:
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
    code = RangeSet(code_ranges(markdown))
    for match in _WIKILINK.finditer(markdown):
        if match.start() in code:
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
