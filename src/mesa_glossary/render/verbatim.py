"""Blocks of HTML the renderers write whole, passed through Markdown without being parsed.

The A–Z index and the tags page list every term in an HTML block (an autoescaped
template): about a megabyte at 10,000 terms. Python-Markdown reads a raw HTML block tag
by tag to find where it ends (``md_in_html`` to find Markdown inside it too), which took
as long as the rest of a preview rebuild: 0.8 s for the A–Z index alone at 10,000 terms.
A block the renderer wrote whole needs none of that: :func:`verbatim` marks where it
begins and ends, and this extension (``mesa_glossary.render.verbatim``) sets it aside
before the HTML blocks are read, as Python-Markdown sets aside every raw block, to be put
back unchanged in the page.

The marks are HTML comments on lines of their own, so a Markdown engine without the
extension reads the block as any raw HTML block and makes the same page, only slower.
The extension drops the marks. It gives nothing a page could not already do: raw HTML
passes through Markdown either way, and a page's HTML is checked after it is converted
(:mod:`mesa_glossary.render.safe_html`) whatever it came from.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

#: The lines that open and close a block written whole.
OPENING = "<!-- mg:verbatim -->"
CLOSING = "<!-- /mg:verbatim -->"
#: Before Python-Markdown's raw HTML blocks (``html_block``, 20), after fenced code (25:
#: marks in a code block stay code).
_PRIORITY = 24


def verbatim(block: str) -> str:
    """``block`` (whole HTML elements, its text escaped) marked to pass through Markdown
    unread, with the blank lines that make it a block of its own."""
    return f"\n{OPENING}\n{block.strip()}\n{CLOSING}\n\n"


class _SetAside(Preprocessor):
    """Each marked block stored in the page's HTML stash, its place kept by the stash's placeholder."""

    def run(self, lines: list[str]) -> list[str]:
        if OPENING not in lines:
            return lines
        out: list[str] = []
        index = 0
        while index < len(lines):
            end = _closing(lines, index) if lines[index] == OPENING else None
            if end is None:
                out.append(lines[index])
                index += 1
            else:
                out += ["", self.md.htmlStash.store("\n".join(lines[index + 1:end])), ""]
                index = end + 1
        return out


def _closing(lines: list[str], opening: int) -> int | None:
    """The line that closes the block opened at ``opening``; none when it is left open."""
    try:
        return lines.index(CLOSING, opening + 1)
    except ValueError:
        return None


class VerbatimExtension(Extension):
    """Python-Markdown extension: blocks marked by :func:`verbatim` pass through as written."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_SetAside(md), "mesa_glossary_verbatim", _PRIORITY)


def makeExtension(**kwargs: Any) -> VerbatimExtension:  # noqa: N802 - Python-Markdown's entry point
    return VerbatimExtension(**kwargs)
