"""Step two: check entries against each other and against the sources; build the model.

Everything that spans files is checked here: colliding names, links and relations to
terms that do not exist, ``broader`` cycles, and quotes that are not in their source.
All problems are collected before failing, so one run of ``check`` lists them all.
"""

from __future__ import annotations

import gc
import os
import textwrap
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from mesa_glossary.core.diagnostics import Diagnostic, GlossaryError, Location, did_you_mean
from mesa_glossary.core.markdown_text import find_wikilinks
from mesa_glossary.core.model import Glossary, Post, Quote, Reference, Sense, Site, Source, Term, name_key
from mesa_glossary.core.project import Project
from mesa_glossary.core.sources import SourceText, normalize_whitespace
from mesa_glossary.core.urls import RESERVED_SLUGS, SLUG_MAX_LENGTH, slugify, term_path
from mesa_glossary.load.definition_policy import violations
from mesa_glossary.load.entries import Entries, SourceEntry, TermEntry, read_entries
from mesa_glossary.load.yamldoc import ParsedFiles, YamlDocument, YamlPath, read_text

#: Sources are documents, not entries: allow far larger files than for YAML.
MAX_SOURCE_BYTES = 64 * 1024 * 1024
#: How much of the closest passage an error message shows.
CLOSEST_PASSAGE_CHARS = 160


def load_glossary(project: Project, *, history: bool = False, memo: ParsedFiles | None = None) -> Glossary:
    """The project's glossary, fully validated; :class:`GlossaryError` lists every problem.

    ``history`` adds each term's dates from the project's git history (what the build
    shows); checking and the author tools do without it. ``memo`` keeps the files parsed,
    for a process that loads the same project again and again (the preview).
    """
    with _collector_paused():
        entries = read_entries(project, memo)
        sources, unreadable = _sources(project, entries)
        tags = _tags(entries)
        terms = _Terms(entries, sources, unreadable, tags).build()
    if entries.diagnostics or entries.site is None:
        raise GlossaryError(entries.diagnostics)
    glossary = Glossary(terms, sources, _site(entries.site), tags=tags or {})
    if history:
        from mesa_glossary.load.history import read_history  # noqa: PLC0415 - only the build asks; see pipeline.build

        glossary.history, glossary.changes = read_history(project, set(terms))
    return glossary


def _tags(entries: Entries) -> dict[str, str] | None:
    """Each declared tag's description, by name; a name declared twice is an error at the
    second. ``None`` when the tags file could not be read (its problem is reported)."""
    if entries.tags is None:
        return None
    tags: dict[str, str] = {}
    for index, item in enumerate(entries.tags.data):
        name = item["name"].strip()
        if name in tags:
            entries.diagnostics.append(Diagnostic(entries.tags.location(index, "name"),
                                                  f"tag '{name}' is declared twice"))
        tags.setdefault(name, " ".join(item["description"].split()))
    return dict(sorted(tags.items()))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a glossary is loaded.

    Loading makes many small objects that all live on (values, positions, the model), so
    each collection only walks the growing heap again and frees nothing: at 10,000 terms
    that was a fifth of ``check``. Loading makes no reference cycles to collect. The
    collector is left as it was found: a library does not change how its host's process
    collects (``gc.freeze`` would also hold the host's garbage for good).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _age_new_objects()
            gc.enable()


def _age_new_objects() -> None:
    """Count what loading made as old, so that turning the collector back on does not at
    once walk all of it (a tenth of ``check`` at 10,000 terms) only to keep it all.

    ``freeze`` then ``unfreeze`` moves every tracked object into the oldest generation in
    constant time. It is done only when the host has frozen nothing, since ``unfreeze``
    would also release what the host froze.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _site(document: YamlDocument) -> Site:
    data = document.data
    optional = {key: " ".join(data[key].split())
                for key in ("description", "publisher", "repository", "edit_url", "license", "license_url")
                if data.get(key)}
    return Site(title=data["title"].strip(), url=data["url"].strip(), url_location=document.location("url"),
                start_here=tuple(slug.strip() for slug in data.get("start_here") or ()), **optional)


def _sources(project: Project, entries: Entries) -> tuple[dict[str, Source], set[str]]:
    """The readable sources, and the ids of those whose entry or file is reported as broken.

    Quotes from a broken source are not checked, rather than each reported a second time.
    """
    sources: dict[str, Source] = {}
    first_seen: dict[str, Location] = {}
    seeds_dir = project.seeds_dir.resolve()
    for entry in entries.sources:
        source_id = entry.data["id"]
        if source_id in first_seen:
            entries.diagnostics.append(Diagnostic(
                entry.location("id"), f"source id '{source_id}' is already used at {first_seen[source_id]}"))
            continue
        first_seen[source_id] = entry.location("id")
        if source_id in RESERVED_SLUGS:
            entries.diagnostics.append(Diagnostic(entry.location("id"), _reserved("source id", source_id, "sources")))
            continue
        path = (seeds_dir / entry.data["file"]).resolve()
        if not path.is_relative_to(seeds_dir) or path == seeds_dir:
            entries.diagnostics.append(Diagnostic(entry.location("file"), "file must be inside seeds/"))
            continue
        if not os.path.lexists(path):  # anything else there is refused when it is read
            existing = [p.name for p in seeds_dir.iterdir()] if seeds_dir.is_dir() else []
            entries.diagnostics.append(Diagnostic(
                entry.location("file"),
                f"no file '{entry.data['file']}' in seeds/{did_you_mean(entry.data['file'], existing)}"))
            continue
        source = _source(entry, path, entries)
        if source:
            sources[source_id] = source
    return sources, (set(first_seen) - set(sources)) | entries.rejected_source_ids


def _source(entry: SourceEntry, path: Path, entries: Entries) -> Source | None:
    try:
        text = read_text(path, MAX_SOURCE_BYTES)
    except GlossaryError as error:
        entries.diagnostics.extend(error.diagnostics)
        return None
    data = entry.data
    source_text = entries.memo.parsed(path, text, _source_text) if entries.memo else SourceText(text)
    return Source(
        id=data["id"],
        path=path,
        title=data["title"].strip(),
        text=source_text,
        author=(data.get("author") or "").strip() or None,
        description=normalize_whitespace(data.get("description") or "") or None,
        location=entry.location("id"),
        posts=_posts(entry, source_text, entries),
    )


def _source_text(path: Path, text: str) -> SourceText:
    """A source's text cut into passages: the preview's memo keeps it while the file is unchanged."""
    return SourceText(text)


def _posts(entry: SourceEntry, text: SourceText, entries: Entries) -> dict[str, Post]:
    """The entry's posts, each of which must name a post title the document holds."""
    titles = [block.display_text for block in text.blocks if block.kind == "title"]
    posts: dict[str, Post] = {}
    for index, data in enumerate(entry.data.get("posts") or ()):
        title = data["title"].strip()
        if title not in titles:
            entries.diagnostics.append(Diagnostic(
                entry.location("posts", index, "title"),
                f"'{title}' is not the title of a post in {entry.data['file']}{did_you_mean(title, titles)}"))
        elif title in posts:
            entries.diagnostics.append(Diagnostic(entry.location("posts", index, "title"),
                                                  f"post '{title}' is listed twice"))
        else:
            posts[title] = Post(title, data["url"].strip(), (data.get("author") or "").strip() or None)
    return posts


class _Name(NamedTuple):
    """A name of a term, and where it is written: its place in the file (``keys``), or the
    file itself for a slug. The place is looked up only for a message, which few names get.

    A named tuple, not a frozen dataclass: a check makes four for every term, and a tuple
    is made several times faster (a frozen dataclass sets each field through ``object.__setattr__``).
    """

    slug: str
    name: str
    document: YamlDocument
    keys: YamlPath

    @property
    def location(self) -> Location:
        return self.document.location(*self.keys) if self.keys else Location(self.document.path)


class _Terms:
    """Cross-checks of all term entries; builds :class:`Term` objects as it goes."""

    def __init__(self, entries: Entries, sources: dict[str, Source], unreadable_sources: set[str],
                 tags: dict[str, str] | None) -> None:
        self.entries = entries
        #: The declared tags; ``None`` when the tags file is unreadable (terms are not checked against it).
        self.tags = tags
        self.sources = sources
        self.unreadable_sources = unreadable_sources
        self.by_slug = {entry.slug: entry for entry in entries.terms}
        #: Each term's ``broader`` slugs (stripped, as :meth:`TermEntry.strings` gives them): the
        #: walks up the chains read them once per step, tens of thousands of times in a large glossary.
        self.parents = {slug: entry.strings("broader") for slug, entry in self.by_slug.items()}
        #: Every slug, name and alias, by the form in which names collide (the first to claim
        #: one); also to tell an editor who wrote a name where a slug goes which slug it is.
        self.names: dict[str, _Name] = {}
        #: Every published term address: term slugs first, then each alias's redirect.
        self.addresses = {slug: _Name(slug, slug, entry.document, ()) for slug, entry in self.by_slug.items()}

    def problem(self, location: Location, message: str) -> None:
        self.entries.diagnostics.append(Diagnostic(location, message))

    def build(self) -> dict[str, Term]:
        for entry in self.entries.terms:
            if entry.slug in RESERVED_SLUGS:
                self.problem(Location(entry.document.path), _reserved("term file name", entry.slug, "terms"))
            self._register_names(entry)
        terms: dict[str, Term] = {}
        for entry in self.entries.terms:
            self._check_relations(entry)
            self._check_tags(entry)
            self._check_links(entry)
            terms[entry.slug] = self._term(entry)
        if not self._check_cycles():
            self._check_related_apart_from_broader()
        self._check_start_here()
        return terms

    def _check_start_here(self) -> None:
        """Each term of the reading path in ``site.yaml`` must exist."""
        site = self.entries.site
        if site is None:
            return
        for index, slug in enumerate(site.data.get("start_here") or ()):
            if slug not in self.entries.taken_slugs:
                self._unknown_term(site.location("start_here", index), "start_here", slug)

    def _register_names(self, entry: TermEntry) -> None:
        names = [("slug", _Name(entry.slug, entry.slug, entry.document, ())),
                 ("term", _Name(entry.slug, entry.data["term"].strip(), entry.document, ("term",)))]
        names += [("alias", _Name(entry.slug, alias, entry.document, ("aliases", index)))
                  for index, alias in enumerate(entry.strings("aliases"))]
        for kind, here in names:
            key = name_key(here.name)
            if not key:
                self.problem(here.location, f"{kind} '{here.name}' has no letters or digits")
                continue
            other = self.names.get(key)
            if other is None:
                self.names[key] = here
                if kind == "alias":
                    self._register_address(entry, here)
            elif other.slug != entry.slug:
                self.problem(here.location, f"{kind} '{here.name}' collides with '{other.name}' of term "
                             f"'{other.slug}' ({other.location}); names must differ in more than case and punctuation")

    def _register_address(self, entry: TermEntry, alias: _Name) -> None:
        """An alias publishes a redirect at ``terms/<its slug>/``: no other term may own that."""
        address = slugify(alias.name)
        if address in RESERVED_SLUGS:
            self.problem(alias.location, _reserved("alias", alias.name, "terms"))
            return
        if len(address) > SLUG_MAX_LENGTH:
            self.problem(alias.location, f"alias '{alias.name[:40]}…' makes an address of {len(address)} "
                         f"characters ({address[:40]}…); the limit is {SLUG_MAX_LENGTH}: shorten the alias")
            return
        owner = self.addresses.get(address)
        if not address or address == entry.slug or owner is None:
            self.addresses.setdefault(address, alias)
        elif owner.slug != entry.slug:
            owned_by = (f"the page of term '{owner.slug}'" if owner.name == owner.slug
                        else f"already redirected by alias '{owner.name}' of term '{owner.slug}'")
            self.problem(alias.location, f"alias '{alias.name}' would redirect /{term_path(address)}, which is "
                         f"{owned_by} ({owner.location}); change the alias")

    def _unknown_term(self, location: Location, what: str, target: str) -> None:
        """A slug that names no term; when it is a term's name or alias, say which slug it means."""
        named = self.names.get(name_key(target))
        hint = (f"; '{target}' is a name of the term '{named.slug}': write its slug, '{named.slug}'" if named
                else did_you_mean(target, self.entries.taken_slugs))
        self.problem(location, f"{what} '{target}' names no term{hint}")

    def _check_relations(self, entry: TermEntry) -> None:
        for relation in ("broader", "related"):
            for index, slug in enumerate(entry.strings(relation)):
                if slug == entry.slug:
                    self.problem(entry.document.location(relation, index),
                                 f"a term cannot be {relation} than itself" if relation == "broader"
                                 else "a term cannot be related to itself")
                elif slug not in self.entries.taken_slugs:
                    self._unknown_term(entry.document.location(relation, index), relation, slug)

    def _check_tags(self, entry: TermEntry) -> None:
        if self.tags is None:
            return
        for index, tag in enumerate(entry.strings("tags")):
            if tag not in self.tags:
                self.problem(entry.document.location("tags", index),
                             f"tag '{tag}' is not declared in glossary/tags.yaml{did_you_mean(tag, list(self.tags))}")

    def _check_links(self, entry: TermEntry) -> None:
        definition = entry.data["definition"]
        for violation in violations(definition):
            self.problem(entry.document.locate_within(("definition",), violation.text), violation.message)
        for link in find_wikilinks(definition):
            if link.target not in self.entries.taken_slugs and name_key(link.target) not in self.names:
                raw = entry.data["definition"][link.start : link.end]
                self._unknown_term(entry.document.locate_within(("definition",), raw), "link", link.target)

    def _check_cycles(self) -> bool:
        """Report each ``broader`` cycle once, at the entry that closes it.

        Depth-first search with an explicit stack: a long chain must not hit Python's
        recursion limit.
        """
        state: dict[str, str] = {}
        reported: set[frozenset[str]] = set()
        found = False
        for root in sorted(self.by_slug):
            if root in state:
                continue
            state[root] = "open"
            trail = [root]
            stack = [(root, iter(enumerate(self.parents[root])))]
            while stack:
                slug, parents = stack[-1]
                for index, parent in parents:
                    if parent not in self.by_slug or parent == slug:
                        continue
                    if state.get(parent) == "open":
                        cycle = trail[trail.index(parent):]
                        if frozenset(cycle) not in reported:
                            reported.add(frozenset(cycle))
                            path = " → ".join([*cycle, parent])
                            self.problem(self.by_slug[slug].document.location("broader", index),
                                         f"'broader' makes a cycle: {path}")
                            found = True
                    elif parent not in state:
                        state[parent] = "open"
                        trail.append(parent)
                        stack.append((parent, iter(enumerate(self.parents[parent]))))
                        break
                else:
                    stack.pop()
                    trail.pop()
                    state[slug] = "done"
        return found

    def _check_related_apart_from_broader(self) -> None:
        """``related`` may not join a term to one above or below it in its ``broader`` chain:
        SKOS keeps the two apart (skos:related is disjoint from skos:broaderTransitive), and
        SKOS tools drop such a pair. Run only when ``broader`` has no cycle."""
        for entry in self.entries.terms:
            for index, other in enumerate(entry.strings("related")):
                if other not in self.by_slug or other == entry.slug:
                    continue
                for lower, upper, kind in ((entry.slug, other, "broader"), (other, entry.slug, "narrower")):
                    chain = self._broader_chain(lower, upper)
                    if chain:
                        self.problem(entry.document.location("related", index),
                                     f"'related' joins '{entry.slug}' to '{other}', which is {kind} than it "
                                     f"({' → '.join(chain)}); a term is related only to terms outside its "
                                     "broader chain: drop this line")
                        break

    def _broader_chain(self, lower: str, upper: str) -> list[str] | None:
        """The ``broader`` steps from ``lower`` up to ``upper``, if ``upper`` is above it."""
        came_from: dict[str, str] = {}
        queue = [lower]
        for slug in queue:
            for parent in self.parents[slug]:
                if parent in self.by_slug and parent not in came_from and parent != lower:
                    came_from[parent] = slug
                    if parent == upper:
                        chain = [upper]
                        while chain[-1] != lower:
                            chain.append(came_from[chain[-1]])
                        return chain[::-1]
                    queue.append(parent)
        return None

    def _term(self, entry: TermEntry) -> Term:
        data = entry.data
        return Term(
            slug=entry.slug,
            name=data["term"].strip(),
            short=normalize_whitespace(data["short"]),
            definition=data["definition"].strip() + "\n",
            path=entry.document.path,
            aliases=entry.strings("aliases"),
            tags=entry.strings("tags"),
            broader=tuple(s for s in entry.strings("broader") if s in self.by_slug and s != entry.slug),
            related=tuple(s for s in entry.strings("related") if s in self.by_slug and s != entry.slug),
            quotes=tuple(quote for index in range(len(data.get("quotes") or ()))
                         if (quote := self._quote(entry, index)) is not None),
            references=tuple(_reference(r) for r in data.get("references") or ()),
            senses=tuple(Sense(s["by"].strip(), normalize_whitespace(s["meaning"]), _reference(s["reference"]))
                         for s in data.get("senses") or ()),
            field_locations={name: entry.document.location(name) for name in ("term", "short", "definition")},
        )

    def _quote(self, entry: TermEntry, index: int) -> Quote | None:
        data = entry.data["quotes"][index]
        document = entry.document
        source = self.sources.get(data["source"])
        if source is None and data["source"] in self.unreadable_sources:
            return None
        if source is None:
            self.problem(document.location("quotes", index, "source"), _unknown_source(data["source"], self.sources))
            return None
        span = source.text.find(data["text"])
        if span is None:
            elsewhere = next((other for other in self.sources.values()
                              if other is not source and other.text.find(data["text"]) is not None), None)
            message = (f"quote not found in source '{source.id}', but it is in source '{elsewhere.id}': "
                       f"write 'source: {elsewhere.id}'" if elsewhere else _not_found_message(source, data["text"]))
            self.problem(document.location("quotes", index, "text"), message)
            return None
        note = (data.get("note") or "").strip() or None
        return Quote(source=source, span=span, location=document.location("quotes", index, "text"), note=note)


def _unknown_source(wanted: str, sources: dict[str, Source]) -> str:
    """Name the source most likely meant (most words in common, then spelling) and list them all."""
    words = set(wanted.split("-"))
    sharing = sorted(sources, key=lambda source_id: -len(words & set(source_id.split("-"))))
    best = sharing[0] if sharing and words & set(sharing[0].split("-")) else None
    hint = f"; did you mean '{best}'?" if best else did_you_mean(wanted, sources)
    return f"unknown source '{wanted}'{hint} The sources are: {', '.join(sorted(sources))}"


def _reserved(what: str, name: str, folder: str) -> str:
    return (f"{what} '{name}' is reserved: /{folder}/{name}/ would be the page listing all {folder}, which "
            "would replace it; choose another name")


def _not_found_message(source: Source, quote: str) -> str:
    """Say how much of the quote matched and which passage the editor probably meant."""
    message = f"quote not found in source '{source.id}'"
    normalized = normalize_whitespace(quote)
    prefix = source.text.matching_prefix_length(quote)
    matched = normalized.rfind(" ", 0, prefix + 1) + 1  # back to a word start
    if matched >= 12:
        message += (f"; the first {matched} characters match, then it differs at "
                    f"\"{textwrap.shorten(normalized[matched:], 40, placeholder='…')}\"")
        message += _first_difference(source, normalized, prefix, matched)
    closest = source.text.closest_passage(quote)
    if closest is not None:
        excerpt = textwrap.shorten(normalize_whitespace(closest.text), CLOSEST_PASSAGE_CHARS, placeholder="…")
        message += f"; closest passage ({source.path.name}:{closest.line}): \"{excerpt}\""
    return message


#: Characters that look alike and are often typed for each other.
_LOOKALIKES = frozenset("'’‘`\"“”„-‐‑‒–—−  \u202f…")


def _first_difference(source: Source, quote: str, prefix: int, matched: int) -> str:
    """What the source says where the quote departs from it, from the same word on; a
    look-alike pair is named by its characters (a straight and a curly apostrophe look the
    same in most editors)."""
    span = source.text.find(quote[:prefix]) if prefix else None
    if span is None or prefix >= len(quote):
        return ""
    theirs = source.text.text[span.end : span.end + 1]
    if not theirs:
        return "; the source ends there"
    ours = quote[prefix]
    said = (f"; the quote has {_character(ours)} where the source has {_character(theirs)}"
            if ours in _LOOKALIKES and theirs in _LOOKALIKES else "")
    word_start = span.end - (prefix - matched)
    around = textwrap.shorten(normalize_whitespace(source.text.text[word_start : word_start + 80]), 40,
                              placeholder="…")
    return f"{said}; the source says \"{around}\""


def _character(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')} ({char!r})"


def _reference(data: dict[str, Any]) -> Reference:
    """A reference as the schema let it through: trimmed, an empty locator as none."""
    return Reference(data["title"].strip(), data["url"].strip(), (data.get("locator") or "").strip() or None)
