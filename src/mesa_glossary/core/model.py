"""The glossary as the renderers see it: terms, sources and verified quotes.

Objects here are built only by :mod:`mesa_glossary.load` after validation, so a
renderer may rely on every slug resolving, every quote having been found in its source
and the ``broader`` relation having no cycle.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from mesa_glossary.core.diagnostics import Location
from mesa_glossary.core.markdown_text import WikiLink, find_wikilinks, markdown_mentions
from mesa_glossary.core.matcher import Mention, TermMatcher
from mesa_glossary.core.sources import Block, SourceText, Span

#: What ``name_key`` drops: everything but letters and digits (``\W`` is ``not isalnum()``).
_NOT_ALNUM = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """The form in which two names collide: case- and punctuation-insensitive."""
    return _NOT_ALNUM.sub("", name.casefold())


@dataclass(frozen=True)
class Site:
    """Where the glossary is published (``glossary/site.yaml``); ``url`` ends in ``/``."""

    title: str
    url: str
    description: str | None = None
    publisher: str | None = None
    repository: str | None = None
    #: The address a project file's path is appended to, to edit it.
    edit_url: str | None = None
    license: str | None = None
    license_url: str | None = None
    #: The reading path for newcomers (slugs, in order), which the book opens with.
    start_here: tuple[str, ...] = ()
    #: Where ``url`` is written, for messages about it.
    url_location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    #: Where in the work: a section, page or figure (``§4.2``).
    locator: str | None = None


@dataclass(frozen=True)
class Sense:
    """One way some authors use a term, where usage differs: who, what they mean, and where."""

    by: str
    meaning: str
    reference: Reference


@dataclass(frozen=True)
class Post:
    """Where a post whose comments a source holds was published, given only where certain."""

    title: str
    url: str
    author: str | None = None


@dataclass(frozen=True)
class Source:
    """A source document under ``seeds/``."""

    id: str
    path: Path
    title: str
    text: SourceText
    author: str | None = None
    description: str | None = None
    location: Location | None = None
    #: The original posts of the source's comment threads, by their title as the source writes it.
    posts: dict[str, Post] = field(default_factory=dict)

    def post(self, block: Block) -> Post | None:
        """The original of the post a title block names, when the entry gives it."""
        return self.posts.get(block.display_text) if block.kind == "title" else None


@dataclass(frozen=True)
class Quote:
    """A quoted passage; ``span`` is where it stands in its source's text."""

    source: Source
    span: Span
    location: Location
    note: str | None = None

    @property
    def text(self) -> str:
        """The source's own characters (not the YAML's), as pages must show them."""
        return self.source.text.text[self.span.start : self.span.end]

    @property
    def anchor(self) -> str:
        """Anchor of the passage where the quote starts."""
        return self.blocks[0].anchor

    @cached_property
    def blocks(self) -> list[Block]:
        """The passages (and titles) the quote stands in; every page that shows it asks."""
        return list(self.source.text.blocks_overlapping(self.span))

    @property
    def pieces(self) -> list[tuple[int, int]]:
        """Where the quote's characters stand, split where it crosses from one passage to the
        next: what the site and the book show as its paragraphs."""
        return [(max(block.start, self.span.start), min(block.end, self.span.end)) for block in self.blocks]


def quoted_segments(block: Block, quotes: Iterable[Quote]) -> list[tuple[int, int, list[Quote]]]:
    """A block cut wherever a quote starts or ends: ``(start, end, quotes covering it)``.

    Quotes may overlap, and one may run on from the previous passage or into the next,
    so every page that marks quoted text (site and PDF) cuts it the same way.
    """
    quotes = list(quotes)
    cuts = {block.start, block.end}
    for quote in quotes:
        cuts.update(position for position in (quote.span.start, quote.span.end) if block.start < position < block.end)
    ordered = sorted(cuts)
    return [(start, end, [q for q in quotes if q.span.start <= start and end <= q.span.end])
            for start, end in zip(ordered, ordered[1:], strict=False)]


@dataclass
class Term:
    slug: str
    name: str
    short: str
    definition: str
    path: Path
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    references: tuple[Reference, ...] = ()
    #: Where authors use the term differently (two or more senses), or empty.
    senses: tuple[Sense, ...] = ()
    narrower: list[str] = field(default_factory=list)
    #: Where the ``term``, ``short`` and ``definition`` values stand, for later checks' messages.
    field_locations: dict[str, Location] = field(default_factory=dict)

    def where(self, field_name: str) -> Location:
        return self.field_locations.get(field_name, Location(self.path))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class TermHistory:
    """When a term was first published and last changed: its file's first and last commit."""

    published: datetime
    changed: datetime


@dataclass(frozen=True)
class Change:
    """A commit that added or changed terms (by slug)."""

    commit: str
    date: datetime
    added: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass(frozen=True)
class SourceMention:
    """A passage or post title of a source that names a term, and where the name stands
    (offsets in the source's text)."""

    source: Source
    block: Block
    start: int
    end: int
    #: The title of the post the block belongs to (the last title block up to it), if any.
    post_title: str | None = None

    @property
    def written(self) -> str:
        """The name as the source writes it."""
        return self.source.text.text[self.start : self.end]


@dataclass
class Glossary:
    """Every term and source of a project, cross-referenced."""

    terms: dict[str, Term]
    sources: dict[str, Source]
    site: Site
    #: The declared families of terms: what each holds, by name.
    tags: dict[str, str] = field(default_factory=dict)
    #: From version control, when the build asks for it (load_glossary(history=True)):
    #: each term's dates, by slug, and the commits that changed terms, newest first.
    history: dict[str, TermHistory] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    _by_name: dict[str, str] = field(default_factory=dict, repr=False)
    _related: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _quotes_by_source: dict[str, list[tuple[Term, Quote]]] = field(default_factory=dict, repr=False)
    _links: dict[tuple[str, str | None], tuple[list[tuple[WikiLink, Term | None]], list[Mention]]] = field(
        default_factory=dict, repr=False)
    _wikilinks: dict[str, list[tuple[WikiLink, Term | None]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """Derive the reverse relations once, so that no page costs a pass over all terms."""
        for term in self.terms.values():
            for name in (term.slug, *term.names):
                self._by_name.setdefault(name_key(name), term.slug)
            for broader in term.broader:
                self.terms[broader].narrower.append(term.slug)
            for related in term.related:
                self._related.setdefault(term.slug, set()).add(related)
                self._related.setdefault(related, set()).add(term.slug)
            for quote in term.quotes:
                self._quotes_by_source.setdefault(quote.source.id, []).append((term, quote))
        for term in self.terms.values():
            term.narrower.sort(key=lambda slug: self.terms[slug].name.casefold())
        for quotes in self._quotes_by_source.values():
            quotes.sort(key=lambda pair: (pair[1].span.start, pair[0].name.casefold()))

    def reuse(self, previous: Glossary) -> None:
        """Take over what ``previous`` derived from the terms' names and the sources, where both
        are the same as this glossary's: the matcher, the mentions in the sources, and the
        links found in any Markdown (its ``[[links]]`` and mentions depend on nothing else).

        The preview loads the glossary anew after every save, which mostly edits one term;
        deriving these again from every definition and source took longer than rendering
        the pages the edit reached.
        """
        if self.sources != previous.sources or \
                {slug: term.names for slug, term in self.terms.items()} != \
                {slug: term.names for slug, term in previous.terms.items()}:
            return
        if "matcher" in previous.__dict__:
            self.__dict__["matcher"] = previous.matcher
        if "_mentions" in previous.__dict__:
            self.__dict__["_mentions"] = {
                slug: [dataclasses.replace(mention, source=self.sources[mention.source.id]) for mention in mentions]
                for slug, mentions in previous._mentions.items()}
        for key, (wikilinks, mentions) in previous._links.items():
            self._links.setdefault(key, (self._own_terms(wikilinks), mentions))
        for markdown, wikilinks in previous._wikilinks.items():
            self._wikilinks.setdefault(markdown, self._own_terms(wikilinks))

    def _own_terms(self, wikilinks: list[tuple[WikiLink, Term | None]]) -> list[tuple[WikiLink, Term | None]]:
        """Links found by another glossary with the same names, leading to this one's terms."""
        return [(wikilink, None if term is None else self.terms[term.slug]) for wikilink, term in wikilinks]

    def lookup(self, name_or_slug: str) -> Term | None:
        """The term with this slug, name or alias, however it is cased or punctuated."""
        slug = self._by_name.get(name_key(name_or_slug))
        return self.terms[slug] if slug else None

    def related_to(self, term: Term) -> list[Term]:
        """Related terms in both directions: a relation is stated once and shown on both."""
        return list(self._related_by_name[term.slug]) if term.slug in self._related else []

    @cached_property
    def _related_by_name(self) -> dict[str, tuple[Term, ...]]:
        """Each term's related terms by name, sorted once: a term related to many others is
        listed on each of their pages, in the exports and the book."""
        order = {term.slug: index for index, term in enumerate(self.sorted_terms())}
        return {slug: tuple(self.terms[other] for other in sorted(others, key=order.__getitem__))
                for slug, others in self._related.items()}

    def relation_groups(self, term: Term) -> list[tuple[str, list[Term]]]:
        """``broader``, ``narrower`` and ``related`` terms, as every renderer lists them: a
        related term that is also broader or narrower is listed once, as such."""
        broader = [self.terms[slug] for slug in term.broader]
        narrower = [self.terms[slug] for slug in term.narrower]
        related = [other for other in self.related_to(term)
                   if other.slug not in term.broader and other.slug not in term.narrower]
        return [("broader", broader), ("narrower", narrower), ("related", related)]

    def quotes_from(self, source: Source) -> list[tuple[Term, Quote]]:
        """Every quote taken from ``source``, in the order they stand in it."""
        return self._quotes_by_source.get(source.id, [])

    def quotes_by_block(self, source: Source) -> dict[str, list[tuple[Term, Quote]]]:
        """The quotes touching each block of ``source``, by the block's anchor."""
        by_block: dict[str, list[tuple[Term, Quote]]] = {}
        for term, quote in self.quotes_from(source):
            for block in quote.blocks:
                by_block.setdefault(block.anchor, []).append((term, quote))
        return by_block

    def wikilinks_in(self, markdown: str) -> list[tuple[WikiLink, Term | None]]:
        """The ``[[links]]`` of editor Markdown, each with the term it names (``None``: none);
        remembered, as the pages, the exports and the book each ask for every definition's."""
        if markdown not in self._wikilinks:
            self._wikilinks[markdown] = [(wikilink, self.lookup(wikilink.target))
                                         for wikilink in find_wikilinks(markdown)]
        return self._wikilinks[markdown]

    def links_in(self, markdown: str, own: Term | None = None) -> tuple[list[tuple[WikiLink, Term | None]],
                                                                        list[Mention]]:
        """What every renderer links in editor Markdown: the ``[[links]]``, and the first plain
        mention of every other term not linked so, ``own`` (the page's term) excepted."""
        key = (markdown, own.slug if own is not None else None)
        if key not in self._links:  # the backlinks, the term page and the book all ask for each definition
            wikilinks = self.wikilinks_in(markdown)
            linked = {term.slug for _, term in wikilinks if term is not None}
            excluded = linked | ({own.slug} if own is not None else set())
            self._links[key] = wikilinks, markdown_mentions(self.matcher, markdown, exclude=excluded)
        return self._links[key]

    def linked_from(self, term: Term) -> list[Term]:
        """The terms whose definitions link to ``term`` (by ``[[link]]`` or a linked mention), by name."""
        return [self.terms[slug] for slug in self._backlinks.get(term.slug, [])]

    def links_from(self, term: Term) -> set[str]:
        """The other terms ``term``'s definition links (by ``[[link]]`` or a linked mention), by slug."""
        wikilinks, mentions = self.links_in(term.definition, own=term)
        linked = {linked.slug for _, linked in wikilinks if linked is not None} | {m.slug for m in mentions}
        return linked - {term.slug}

    @cached_property
    def _backlinks(self) -> dict[str, list[str]]:
        backlinks: dict[str, list[str]] = {}
        for term in self.sorted_terms():
            for slug in sorted(self.links_from(term)):
                backlinks.setdefault(slug, []).append(term.slug)
        return backlinks

    def mentions_of(self, term: Term) -> list[SourceMention]:
        """Every passage and post title of the sources that names ``term`` (by any of its names,
        found by the matcher that links the source pages), apart from those its own quotes
        stand in; sources by title, blocks in order."""
        quoted = {(quote.source.id, block.anchor) for quote in term.quotes for block in quote.blocks}
        return [mention for mention in self._mentions.get(term.slug, [])
                if (mention.source.id, mention.block.anchor) not in quoted]

    @cached_property
    def _mentions(self) -> dict[str, list[SourceMention]]:
        """The first mention of each term in every block of every source, by slug: one pass
        of the matcher over the sources, whatever the number of terms."""
        by_slug: dict[str, list[SourceMention]] = {}
        for source in self.sorted_sources():
            post_title = None
            for block in source.text.blocks:
                if block.kind == "title":
                    post_title = block.display_text
                for mention in self.matcher.mentions(block.text):
                    by_slug.setdefault(mention.slug, []).append(SourceMention(
                        source, block, block.start + mention.start, block.start + mention.end, post_title))
        return by_slug

    @cached_property
    def matcher(self) -> TermMatcher:
        """Finds mentions of any term's name or alias; names are claimed in name order."""
        return TermMatcher((name, term.slug) for term in self.sorted_terms() for name in term.names)

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms.values(), key=lambda term: term.name.casefold())

    def sorted_sources(self) -> list[Source]:
        """Sources by title, as the site's index of sources and the book list them."""
        return sorted(self.sources.values(), key=lambda source: source.title.casefold())
