"""Finds mentions of terms in running text: the one matcher every auto-linker shares.

Site pages, and later any other renderer of prose, link the mentions this module finds,
so a term is recognised the same way everywhere. The rules:

* whole words only: a name matches a run of words, never part of a word, and never a
  piece of a hyphenated compound ("optimizer" is not found in "mesa-optimizer");
* case-insensitive, and the words of a name may be joined by spaces, line breaks or
  hyphens in the text ("mesa optimizer" finds "Mesa-optimizer");
* a name's plural (``-s``, ``-es``, ``-y`` to ``-ies`` on its last word) matches too,
  unless it is itself some other term's name;
* the longest name wins where names overlap ("inner misalignment" before "inner");
* by default only the first mention of each term counts.

Matching costs one pass over the words of the text with a dictionary look-up per
candidate, whatever the number of terms: there is no pattern per term. Memory is linear
too: the names are a tree of words (a name of n words costs n entries, not the n²
of storing every prefix), and a text's words are kept as two arrays of offsets.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"[^\W_]+")
#: What may stand between two words of a name in the text.
_JOINER = re.compile(r"[\s\-\u2010\u2011'\u2019]+")
_HYPHENS = "-\u2010\u2011"


@dataclass(frozen=True)
class Mention:
    """``text[start:end]`` mentions the term ``slug``."""

    start: int
    end: int
    slug: str


def _words(name: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _WORD.findall(name))


def _plurals(words: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    *head, last = words
    if not last.isalpha():
        return
    endings = [last + "s"]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        endings.append(last + "es")
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        endings.append(last[:-1] + "ies")
    for ending in endings:
        yield (*head, ending)


class TermMatcher:
    """Every name of every term, ready to be found in text."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """``names`` are ``(name, slug)`` pairs; the first term to claim a name keeps it."""
        exact: dict[tuple[str, ...], str] = {}
        pairs = [(words, slug) for name, slug in names if (words := _words(name))]
        for words, slug in pairs:
            exact.setdefault(words, slug)
        every_name = dict(exact)
        for words, slug in pairs:
            for plural in _plurals(words):
                every_name.setdefault(plural, slug)
        #: The names as a tree of words: each node is ``[slug or None, {next word: node}]``,
        #: so a scan stops extending as soon as no name continues.
        self._tree: dict[str, list[Any]] = {}
        for words, slug in every_name.items():
            children = self._tree
            for word in words[:-1]:
                children = children.setdefault(word, [None, {}])[1]
            children.setdefault(words[-1], [None, {}])[0] = slug
        #: The words a name can start with: most words of a text start none, and pass with
        #: one set look-up.
        self._first_words = frozenset(self._tree)

    def mentions(self, text: str, *, skip: Sequence[tuple[int, int]] = (), exclude: Iterable[str] = (),
                 first_only: bool = True) -> list[Mention]:
        """Mentions in ``text``, left to right, none overlapping another.

        ``skip`` holds sorted, non-overlapping character ranges that no mention may touch
        (code, links, markup); terms in ``exclude`` are never matched (a term's own page).
        """
        words = _Words(text)
        excluded = set(exclude)
        found: list[Mention] = []
        skip_index = 0
        index = 0
        first_words = self._first_words
        while index < len(words):
            if words.folded(index) not in first_words:
                index += 1
                continue
            start = words.starts[index]
            while skip_index < len(skip) and skip[skip_index][1] <= start:
                skip_index += 1
            best = self._longest_at(text, words, index)
            if best is not None:
                length, slug = best
                end = words.ends[index + length - 1]
                if not (skip_index < len(skip) and skip[skip_index][0] < end):
                    # An excluded or already-found term still owns its words: the
                    # "optimizer" in a second "base optimizer" is no mention of "optimizer".
                    if slug not in excluded:
                        found.append(Mention(start, end, slug))
                        if first_only:
                            excluded.add(slug)
                    index += length
                    continue
            index += 1
        return found

    def _longest_at(self, text: str, words: _Words, index: int) -> tuple[int, str] | None:
        """The longest name starting with word ``index``, as (number of words, slug)."""
        if _inside_compound_before(text, words.starts[index]):
            return None
        best: tuple[int, str] | None = None
        children = self._tree
        for position in range(index, len(words)):
            if position > index and not _joined(text, words.ends[position - 1], words.starts[position]):
                break
            node = children.get(words.folded(position))
            if node is None:
                break
            slug, children = node
            if slug is not None and not _inside_compound_after(text, words.ends[position]):
                best = (position - index + 1, slug)
            if not children:
                break
        return best


class _Words:
    """Where the words of a text are: two arrays of offsets (a text of megabytes has
    millions of words, and a tuple per word would cost gigabytes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = array("q")
        self.ends = array("q")
        for match in _WORD.finditer(text):
            start, end = match.span()
            self.starts.append(start)
            self.ends.append(end)

    def __len__(self) -> int:
        return len(self.starts)

    def folded(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]].casefold()


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two words belong to one name: only spaces, one line break or hyphens between."""
    return _JOINER.fullmatch(text, end, start) is not None and text.count("\n", end, start) < 2


def _inside_compound_before(text: str, start: int) -> bool:
    return start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum()


def _inside_compound_after(text: str, end: int) -> bool:
    return end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum()
