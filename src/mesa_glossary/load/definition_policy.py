"""What a definition may contain: Markdown that shows text and links, and never runs or
loads anything.

A definition is glossary text, and glossary text is untrusted: it reaches the site, the
hover cards, the exports that other sites paste, and the book. So a definition may use:

- paragraphs, *emphasis*, **strong**, code (spans, fenced and indented blocks), lists,
  block quotes, headings, tables, rules and admonitions;
- links to web and mail addresses (``http``, ``https``, ``mailto``), to other terms
  (``[[slug]]``, ``[[slug|label]]``) and autolinks (``<https://…>``).

Raw HTML is shown as text, never run. Refused, each a ``check`` error at its line and
column:

- **images** (``![…](…)``, ``![…][ref]``): a picture from another site would make every
  reader's browser request it;
- **attribute lists** (``{: …}``, ``{ .class }``, ``{ key=value }``): they set any HTML
  attribute on an element, event handlers (``onfocus``) and link targets included;
- **nesting deeper than a reader can follow** (quotes in quotes, lists in lists, more
  than :data:`MAX_INDENT` columns in): the Markdown parser recurses once per level and
  fails on a few hundred, and a definition is a paragraph or three, not a tree;
- **a paragraph longer than :data:`MAX_PARAGRAPH` characters**: the Markdown parser's
  cost grows with the square of a paragraph's inline elements (a definition of one
  20,000-line paragraph took 20 s); a real paragraph is a few hundred characters;
- **link targets with any other scheme** (``javascript:``, ``data:``, …), however they
  are written: inline or as a reference definition (also with the address on the next
  line, or inside a quote or a list), with character references or backslashes.

The check is one half. The other is enforced where definitions are rendered, whatever
the check let through: the HTML made from a definition, on the site (a hook of the
MkDocs build), in the exports and in the book, is cleaned by an HTML sanitiser with an
allow-list (:mod:`mesa_glossary.render.safe_html`), and every page's content is audited
for anything that runs or loads before the site is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mesa_glossary.core.markdown_text import RangeSet, code_ranges
from mesa_glossary.load.schema import is_safe_link

_IMAGE = re.compile(r"(?<!\\)!\[")
#: ``{:``, ``{ .class``, ``{ #id`` or a ``{…=…}`` pair: what the author meant as attributes.
_ATTRIBUTE_LIST = re.compile(r"(?<!\\)\{(?::|[ \t]*[.#][A-Za-z_]|[^{}\n]*=[^{}\n]*\})")
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^\s)>]+)")
#: A reference definition, also inside quotes and list items, its address on its line
#: or the next (where the quote markers may repeat).
_REFERENCE_TARGET = re.compile(
    r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*\[[^\]\n]+\]:"
    r"[ \t]*(?:\n(?:[ \t]*>)*[ \t]*)?<?([^\s>]+)",
    re.MULTILINE)


#: The deepest a definition's line may be indented or quoted (tabs count four columns,
#: each ``>`` two): about sixteen levels of lists or quotes.
MAX_INDENT = 64
#: A line start that may be deeper than that: a tab is the most columns per character (four),
#: so it takes more than a quarter as many characters (17). Most lines start shallower and
#: are not even matched.
_DEEP_LINE_START = re.compile(rf"^[ \t>]{{{MAX_INDENT // 4 + 1},}}", re.MULTILINE)
#: The longest paragraph a definition may have (the longest in the glossary is about 1,100).
MAX_PARAGRAPH = 5000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t>]*\n")


@dataclass(frozen=True)
class Violation:
    """A construct a definition may not use: where it starts, the text that shows it, why."""

    start: int
    text: str
    message: str


def violations(markdown: str) -> list[Violation]:
    """Every construct of ``markdown`` a definition may not use, outside code, in order."""
    found = sorted(_candidates(markdown), key=lambda violation: violation.start)
    if not found:
        return []
    code = RangeSet(code_ranges(markdown))
    return [violation for violation in found if violation.start not in code]


def _candidates(markdown: str) -> Iterator[Violation]:
    for match in _found(_IMAGE, "![", markdown):
        yield Violation(match.start(), match.group(), "images are not allowed in a definition: a picture from "
                        "another site would make every reader's browser request it; link to it instead")
    for match in _found(_ATTRIBUTE_LIST, "{", markdown):
        yield Violation(match.start(), match.group(), "attribute lists ({: …}) are not allowed in a definition: "
                        "they can put any HTML attribute on the page; write \\{ for a literal brace")
    for match in _DEEP_LINE_START.finditer(markdown):
        depth = len(match.group().replace("\t", "    ")) + match.group().count(">")
        if depth > MAX_INDENT:
            yield Violation(match.start(), markdown[match.start() : match.end() + 1],
                            f"this line is nested {depth} columns deep; a definition may go {MAX_INDENT} (about "
                            "sixteen levels of lists or quotes)")
            break
    start = 0
    breaks = _PARAGRAPH_BREAK.finditer(markdown) if len(markdown) > MAX_PARAGRAPH else ()
    for end, after in [*(match.span() for match in breaks), (len(markdown), 0)]:
        if end - start > MAX_PARAGRAPH and (length := len(markdown[start:end].strip())) > MAX_PARAGRAPH:
            yield Violation(start, markdown[start : start + 40], f"this paragraph is {length:,} characters "
                            f"long; a definition's paragraphs are at most {MAX_PARAGRAPH:,} (split it at a blank line)")
            break
        start = after
    for pattern, needle in ((_INLINE_TARGET, "]("), (_REFERENCE_TARGET, "]:")):
        for match in _found(pattern, needle, markdown):
            if not is_safe_link(match.group(1)):
                yield Violation(match.start(1), match.group(1), f"link target '{match.group(1)}' is not allowed: "
                                "link an http(s) or mailto address, or a term as [[slug]]")


def _found(pattern: re.Pattern[str], needle: str, markdown: str) -> Iterator[re.Match[str]]:
    """``pattern``'s matches, looked for only in a text with ``needle``, which each match holds:
    most definitions have none, and finding the characters is many times quicker than the
    pattern's search (its first character is a look-behind, or any line's start)."""
    return pattern.finditer(markdown) if needle in markdown else iter(())
