"""What the site's pages and the printed book show alike, worked out once for both.

Each renderer formats these its own way (Markdown for the site, HTML for the book), but
which letter a name is listed under, or what is said about a source, is decided here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from mesa_glossary.core.model import Glossary, Source

Item = TypeVar("Item")
#: Where names that start with no letter are listed: after Z.
OTHER = "#"


def letter_groups(items: Iterable[Item], name: Callable[[Item], str]) -> list[tuple[str, list[Item]]]:
    """Items under the initial of their name, letters in order and :data:`OTHER` last;
    items keep their order within a letter."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        initial = name(item)[:1].upper()
        groups[initial if initial.isalpha() else OTHER].append(item)
    return [(letter, groups[letter]) for letter in sorted(groups, key=lambda letter: (letter == OTHER, letter))]


@dataclass(frozen=True)
class SourceFacts:
    """The line under a source's title: its file, its author and how much of it is quoted."""

    file_name: str
    author: str | None
    quoted_passages: int


def source_facts(glossary: Glossary, source: Source) -> SourceFacts:
    return SourceFacts(source.path.name, source.author, len(glossary.quotes_from(source)))
