"""Links the terms mentioned in definitions (Markdown) and in source passages (plain text).

Both kinds of text go through the one :class:`~mesa_glossary.matcher.TermMatcher`; this
module only decides where a mention may not be linked and writes the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mesa_glossary.core.matcher import Mention
from mesa_glossary.render.markup import escape, escape_lines

#: Written after an automatic link, so pages can style mentions apart from chosen links.
MENTION_CLASS = "{ .mg-mention }"



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
