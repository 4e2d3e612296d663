"""``[[slug]]`` and ``[[slug|label]]`` links in Markdown, outside code.

Definitions are Markdown written by editors; a ``[[...]]`` inside a code span or a fenced
code block is an example, not a link, so it is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: ``[[target]]`` or ``[[target|label]]``; also the Markdown extension's inline pattern.
WIKILINK_PATTERN = r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
_WIKILINK = re.compile(WIKILINK_PATTERN)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


@dataclass(frozen=True)
class WikiLink:
    target: str
    label: str | None
    start: int
    end: int


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code spans."""
    if "`" not in markdown and "~~~" not in markdown:  # most text has no code at all
        return []
    ranges = [(match.start(), match.end()) for match in _FENCE.finditer(markdown)]
    for match in _CODE_SPAN.finditer(markdown):
        if not any(start <= match.start() < end for start, end in ranges):
            ranges.append((match.start(), match.end()))
    return sorted(ranges)


def find_wikilinks(markdown: str) -> Iterator[WikiLink]:
    """Every ``[[...]]`` link that is not inside code."""
    if "[[" not in markdown:
        return
    ranges = code_ranges(markdown)
    for match in _WIKILINK.finditer(markdown):
        if any(start <= match.start() < end for start, end in ranges):
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
