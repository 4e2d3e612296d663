"""Small Markdown-writing helpers shared by every page renderer."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Iterator

from mesa_glossary.core.markdown_text import RangeSet, code_ranges, splice

# Every ASCII punctuation character, backslashed. With ``pymdownx.escapeall`` a backslash
# makes any of them literal, so source text like ``$bad_thing`` or ``<script>`` shows as
# written. A translation table, not a pattern: pages escape every name and passage they
# show, and ``str.translate`` is many times faster than a substitution.
_BACKSLASHED_PUNCTUATION = str.maketrans({character: "\\" + character for character in string.punctuation})


#: What a link label must not leave bare, for Markdown that every reader parses alike.
_LABEL_MARKUP = re.compile(r"([\\\[\]*_`])")


def escape(text: str) -> str:
    """``text`` as literal Markdown inline content (single line)."""
    return " ".join(text.split()).translate(_BACKSLASHED_PUNCTUATION)


def escape_portable(text: str) -> str:
    """Like :func:`escape`, but escaping only what Markdown readers agree on, so the
    Markdown stays readable where it is pasted (exports, posts). ``<`` and ``&`` become
    entities: not every reader takes a backslash before them."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return _LABEL_MARKUP.sub(r"\\\1", text)


def escape_lines(text: str) -> str:
    """Literal text that keeps its line breaks, for (part of) one paragraph of a source.

    Indentation after a line break is dropped (it would turn a line into code), but the
    spaces at the ends of ``text`` stay: ``text`` may be a piece cut out of a line.
    """
    return "<br>\n".join(line.translate(_BACKSLASHED_PUNCTUATION) for line in source_lines(text))


def source_lines(text: str) -> list[str]:
    """A piece of a source's paragraph as the lines every page shows: the indentation
    after a break and the spaces before one dropped, the piece's own ends kept."""
    lines = text.split("\n")
    cleaned = [line if index == 0 else line.lstrip() for index, line in enumerate(lines)]
    return [line if index == len(lines) - 1 else line.rstrip() for index, line in enumerate(cleaned)]


def front_matter(**fields: object) -> str:
    """A YAML front-matter block; JSON strings are valid YAML and need no further quoting.

    Engines print a page's ``title`` into HTML as it is (Material does not escape it), so
    callers pass a title from glossary text HTML-escaped.
    """
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def link(label: str, target: str, literal: Callable[[str], str] = escape) -> str:
    """A Markdown link with a literal label."""
    return f"[{literal(label)}]({target})"


def tag_anchor(tag: str) -> str:
    return f"tag-{tag}"


#: An autolink (``<https://…>``, ``<mailto:…>``) is Markdown, not HTML, and may stay.
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>", re.IGNORECASE)


def inert_html(markdown: str) -> str:
    """Editor Markdown with its raw HTML shown as text, never run: every ``<`` outside code
    and autolinks becomes ``&lt;``. Glossary text reaches pages that others trust."""
    if "<" not in markdown:
        return markdown
    keep = RangeSet([*code_ranges(markdown), *(match.span() for match in _AUTOLINK.finditer(markdown))])
    return splice(markdown, ((index, index + 1, "&lt;") for index in _bare_angles(markdown) if index not in keep))


def _bare_angles(markdown: str) -> Iterator[int]:
    """Where a ``<`` stands that no backslash already made literal."""
    return (match.start() for match in re.finditer(r"(?<!\\)<", markdown))


_BACKTICK_RUN = re.compile(r"`+")


def fenced(text: str, language: str = "") -> str:
    """A fenced code block that shows ``text`` as it is: the fence is longer than any run
    of backticks inside, which would otherwise close it early."""
    longest = max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}\n"
