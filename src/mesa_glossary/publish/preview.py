"""The preview's docs tree, kept between rebuilds and brought up to date by rendering again
only what an edit reached.

``mesa-glossary serve`` rebuilds after every save. Made whole, the tree takes seconds at
a few thousand terms, and the site engine would then rebuild every page; yet an edit to
one term reaches few pages: the term's own; those that carry its hover card, found from
the cards they carry (:func:`~mesa_glossary.render.cards.carried_slugs`); those that list it with
its summary, among their relations or links, or beside the passages it quotes
(:func:`~mesa_glossary.render.pages.shown_with`, before and after the edit, since a
relation or link removed changes the page it led to); and the pages and files made from
the whole glossary (the A–Z index, tags, concept map, changes, exports), which are made
again after every edit. Every other file is kept as it was, and :class:`TreeUpdate` says
which files differ, so that the site engine rebuilds only their pages.

Some edits reach every page, and the tree is then made whole (:func:`.tree.docs_tree`): a
term added, removed or renamed, a name or alias changed (every definition and passage
links terms by their names), or anything but the terms (the site, tags, sources, history).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import source_page, term_page
from mesa_glossary.publish.tree import carrying_cards, docs_tree, glossary_files, handwritten_files, maps_cache
from mesa_glossary.render.cards import carried_slugs, without_cards
from mesa_glossary.render.conceptmap import MapSpec, lay_out, map_specs, to_dot
from mesa_glossary.render.exports import ExportedTerms
from mesa_glossary.render.pages import render_overview_pages, render_source, render_term, shown_with
from mesa_glossary.render.redirects import redirect_pages


@dataclass(frozen=True)
class TreeUpdate:
    """The preview's tree after an edit, and what differs from the tree before it."""

    files: dict[str, bytes]
    #: The paths whose content is new (every path, the first time).
    changed: frozenset[str]
    #: Whether paths came or went (a term added, removed or renamed, a page of ``docs/``):
    #: the site's navigation may have changed with them.
    paths_changed: bool
    #: The changed pages whose only change is the hover cards they carry (an edited summary
    #: in the card of a term they link), each with its new cards element: the page built
    #: before is still right around the element, which can be replaced in it
    #: (:func:`~mesa_glossary.render.cards.replace_cards`). Most pages an edit reaches are these.
    cards_only: dict[str, str] = dataclasses.field(default_factory=dict)


class PreviewTree:
    """The docs tree of the glossary the preview shows, updated with :meth:`update`."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._glossary: Glossary | None = None
        self._files: dict[str, bytes] = {}
        self._handwritten: frozenset[str] = frozenset()
        #: For each page, the terms whose hover cards it carries.
        self._cards: dict[str, frozenset[str]] = {}
        #: The export's entries of the terms, while the tree is only updated (see :meth:`_update`).
        self._exported = ExportedTerms()
        #: The concept maps laid out, by key, with what they were laid out from.
        self._maps: dict[str, tuple[tuple[str, str], str]] = {}

    def update(self, glossary: Glossary) -> TreeUpdate:
        """The tree of ``glossary``: the last one's files, with those the edit reached made again."""
        handwritten = handwritten_files(self.project)
        edited = changed_terms(self._glossary, glossary) if set(handwritten) == self._handwritten else None
        if self._glossary is not None and self._glossary is not glossary:
            glossary.reuse(self._glossary)
        if edited is None:
            self._exported = ExportedTerms()
            files = docs_tree(self.project, glossary, preview=True,
                              maps=self._lay_out(map_specs(glossary), whole=True), exported=self._exported)
            pages: Iterable[str] = [path for path in files if path.endswith(".md")]
            self._cards.clear()
        else:
            files, pages = self._update(glossary, edited, handwritten)
        previous = self._files
        changed = frozenset(path for path, content in files.items() if previous.get(path) != content)
        for page in pages:
            self._cards[page] = carried_slugs(files[page].decode("utf-8", "replace"))
        paths_changed = files.keys() != previous.keys()
        self._glossary, self._files, self._handwritten = glossary, files, frozenset(handwritten)
        return TreeUpdate(files, changed, paths_changed, _cards_only(previous, files, changed))

    def _update(self, glossary: Glossary, edited: set[str], handwritten: Mapping[str, bytes]
                ) -> tuple[dict[str, bytes], list[str]]:
        """The last tree with what the ``edited`` terms reached made again; and the pages made."""
        assert self._glossary is not None
        terms, sources = set(edited), set[str]()
        for version in (self._glossary, glossary):
            for slug in edited:
                shown_terms, shown_sources = shown_with(version, version.terms[slug])
                terms |= shown_terms
                sources |= shown_sources
        # Their export entries hold what their pages show; a page that only carries an
        # edited term's card holds nothing of it in its entry.
        self._exported.forget(terms)
        carriers = {page for page, slugs in self._cards.items() if not slugs.isdisjoint(edited)}
        terms.update(slug for slug in glossary.terms if term_page(slug) in carriers)
        sources.update(source_id for source_id in glossary.sources if source_page(source_id) in carriers)
        maps = self._lay_out(map_specs(glossary, neighbourhoods=terms), whole=False)
        pages = {term_page(slug): render_term(glossary, glossary.terms[slug], maps.get(term_page(slug)))
                 for slug in terms}
        pages.update({source_page(source_id): render_source(glossary, glossary.sources[source_id])
                      for source_id in sources})
        pages.update(render_overview_pages(glossary, maps))
        pages.update(redirect_pages(glossary, (glossary.terms[slug] for slug in edited)))
        made = {path: text.encode("utf-8") for path, text in pages.items()}
        made.update(glossary_files(glossary, exported=self._exported))
        made.update(handwritten)
        made_pages = [path for path in made if path.endswith(".md")]
        for page in made_pages:
            made[page] = carrying_cards(glossary, page, made[page], before=self._files.get(page))
        return {**self._files, **made}, made_pages

    def _lay_out(self, specs: list[MapSpec], *, whole: bool) -> dict[str, str]:
        """The concept maps of ``specs``. All of them (``whole``) go through the build's cache,
        which keeps only the layouts they use; of some, only those that changed since they
        were last laid out are laid out again, afresh (the cache would drop the others)."""
        wanted = {spec.key: (spec.label, to_dot(spec)) for spec in specs}
        if whole:
            self._maps = {key: (wanted[key], svg) for key, svg in lay_out(specs, maps_cache(self.project)).items()}
        else:
            missing = [spec for spec in specs
                       if spec.key not in self._maps or self._maps[spec.key][0] != wanted[spec.key]]
            self._maps.update({key: (wanted[key], svg) for key, svg in lay_out(missing, None).items()})
        return {spec.key: self._maps[spec.key][1] for spec in specs}


def _cards_only(before: Mapping[str, bytes], after: Mapping[str, bytes], changed: Iterable[str]) -> dict[str, str]:
    """The ``changed`` pages that differ from ``before`` only in their cards element, with the new element."""
    found: dict[str, str] = {}
    for path in changed:
        if not path.endswith(".md") or path not in before:
            continue
        try:
            old_page, new_page = before[path].decode("utf-8"), after[path].decode("utf-8")
        except UnicodeDecodeError:  # a hand-written page that is not UTF-8 carries no cards
            continue
        old_body, old_cards = without_cards(old_page)
        new_body, new_cards = without_cards(new_page)
        if old_cards and new_cards and old_body == new_body:
            found[path] = new_cards
    return found


def changed_terms(before: Glossary | None, after: Glossary) -> set[str] | None:
    """The terms an edit from ``before`` to ``after`` changed, or ``None`` where it reached
    every page: terms added, removed or renamed, a name or alias changed, anything but
    the terms changed (the model compares by content: a reloaded glossary equals the last)."""
    if before is None or before.terms.keys() != after.terms.keys():
        return None
    if before is after:
        return set()
    if any(getattr(before, field.name) != getattr(after, field.name) for field in dataclasses.fields(Glossary)
           if field.name != "terms" and not field.name.startswith("_")):
        return None
    if any(before.terms[slug].names != term.names for slug, term in after.terms.items()):
        return None
    return {slug for slug, term in after.terms.items() if term != before.terms[slug]}
