"""The glossary as data: ``glossary.json`` (with its JSON Schema) and ``glossary.jsonld`` (SKOS).

Both are made from the validated model with absolute URLs (``glossary/site.yaml``), so
whoever downloads them can link every term, quote and passage back to the site. The
JSON is also what the author tools read (:mod:`mesa_glossary.catalog`): the embed
script, the Markdown extension and the ``link`` command all work from a published copy.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.postprocessors import Postprocessor

from mesa_glossary.core.markdown_text import splice
from mesa_glossary.core.model import Glossary, Reference, Term
from mesa_glossary.core.urls import (
    JSON_FILE,
    JSON_SCHEMA_FILE,
    JSONLD_FILE,
    absolute,
    passage_path,
    redirect_slugs,
    source_path,
    term_path,
)
from mesa_glossary.load import schema
from mesa_glossary.load.schema import Field, ListOf, Record, Text
from mesa_glossary.render import safe_html
from mesa_glossary.render.markup import escape_portable
from mesa_glossary.render.pages import wikilink_edits

#: The export format's version: the minor number grows when fields are added, the
#: major one when a field changes meaning or goes away.
FORMAT_VERSION = "1.3"
#: How many of the latest changes the export lists (the Atom feed and the page list more).
EXPORTED_CHANGES = 100

_URL = Text("An absolute URL.", schema.URL_PATTERN, "an absolute URL")
_SLUG = schema.SLUG
_SLUGS = ListOf(_SLUG, "Slugs of terms in this export.")
_REFERENCE = Record("Reference", "Published work.", {
    "title": Field(Text("Title of the work."), required=True),
    "url": Field(_URL, required=True),
    "locator": Field(Text("Where in the work: a section, page or figure (since version 1.2).")),
})

EXPORT = Record(
    "Glossary export",
    "Every term of the glossary with its definition, relations and verified quotes.",
    {
        "$schema": Field(Text("Where this schema is published."), required=True),
        "version": Field(Text("Version of this format, MAJOR.MINOR.", r"^1\.[0-9]+$", "1.<minor>"), required=True),
        "revision": Field(Text("Changes whenever the glossary's content changes; a cache key."), required=True),
        "title": Field(Text("The glossary's name."), required=True),
        "url": Field(_URL, required=True),
        "description": Field(Text("What the glossary is.")),
        "publisher": Field(Text("Who publishes it.")),
        "sources": Field(ListOf(Record("Source", "A source document the quotes are taken from.", {
            "id": Field(_SLUG, required=True),
            "title": Field(Text("Title of the document."), required=True),
            "author": Field(Text("Only where the document names its author.")),
            "description": Field(Text("What the document is.")),
            "url": Field(_URL, required=True),
            "posts": Field(ListOf(Record("Post", "A post whose comments the document holds.", {
                "title": Field(Text("The post's title as the document writes it."), required=True),
                "url": Field(_URL, required=True),
                "author": Field(Text("The post's author, where certain.")),
            }), "The posts whose original address is known (since version 1.3)."), required=True),
        }), "The source documents."), required=True),
        "changes": Field(ListOf(Record("Change", "A version of the glossary that added or changed terms.", {
            "date": Field(Text("When (ISO 8601, UTC)."), required=True),
            "commit": Field(Text("The version's identifier in the glossary's history."), required=True),
            "added": Field(_SLUGS, required=True),
            "changed": Field(_SLUGS, required=True),
        }), "The latest changes, newest first; empty when built without history (since 1.3)."), required=True),
        "terms": Field(ListOf(Record("Term", "One term.", {
            "slug": Field(_SLUG, required=True),
            "url": Field(Text("The term's permanent page.", schema.URL_PATTERN, "an absolute URL"), required=True),
            "title": Field(Text("The term's name."), required=True),
            "aliases": Field(ListOf(Text("Another name."), "Other names of the term."), required=True),
            "alias_urls": Field(ListOf(_URL, "Addresses that redirect to the term's page."), required=True),
            "short": Field(Text("One-sentence summary."), required=True),
            "definition": Field(Record("Definition", "The definition in the glossary's own words.", {
                "markdown": Field(Text("Markdown, with links to other terms as absolute URLs."), required=True),
                "html": Field(Text("The same as HTML; raw HTML in the Markdown is escaped."), required=True),
            }), required=True),
            "tags": Field(ListOf(_SLUG, "Families the term belongs to."), required=True),
            "relations": Field(Record("Relations", "Slugs of the terms this one relates to.", {
                "broader": Field(_SLUGS, required=True),
                "narrower": Field(_SLUGS, required=True),
                "related": Field(_SLUGS, required=True),
            }), required=True),
            "quotes": Field(ListOf(Record("Quote", "A passage quoted word for word, verified against its source.", {
                "text": Field(Text("The source's own words."), required=True),
                "source": Field(_SLUG, required=True),
                "passage_url": Field(_URL, required=True),
                "note": Field(Text("Context for the quote.")),
            }), "Verified quotes."), required=True),
            "references": Field(ListOf(_REFERENCE, "Published work on the term."), required=True),
            "history": Field(Record("History", "When the term was first published and last changed, from the "
                                    "glossary's version history; null when it was built without it (since 1.3).", {
                "published": Field(Text("Date and time of the term's first version (ISO 8601, UTC)."), required=True),
                "changed": Field(Text("Date and time of its latest change (ISO 8601, UTC)."), required=True),
            })),
            "senses": Field(ListOf(Record("Sense", "One way some authors use the term, where usage differs.", {
                "by": Field(Text("Who uses the term this way."), required=True),
                "meaning": Field(Text("What they mean by it, in plain words."), required=True),
                "reference": Field(_REFERENCE, required=True),
            }), "Where authors use the term differently, each sense with who and where; empty when usage "
                "agrees (since version 1.3)."), required=True),
            "mentions": Field(ListOf(Record("Mention", "A passage or post title of a source that names the term.", {
                "source": Field(_SLUG, required=True),
                "passage_url": Field(_URL, required=True),
                "text": Field(Text("The name as the source writes it."), required=True),
            }), "Every other passage of the sources that names the term (since version 1.1)."), required=True),
        }), "Every term, by name."), required=True),
    },
)


def export_schema(glossary: Glossary) -> dict[str, Any]:
    """The JSON Schema of ``glossary.json``, published beside it."""
    return schema.json_schema(EXPORT, title="Glossary export", schema_id=absolute(glossary.site, JSON_SCHEMA_FILE))


@dataclass(frozen=True)
class _Entry:
    """A term's entry of the export, as data and as the compact JSON the files hold."""

    data: dict[str, Any]
    #: Its object in ``glossary.json``.
    json: str
    #: Its SKOS concept in ``glossary.jsonld`` (:func:`_concept`).
    concept: str


class ExportedTerms:
    """Each term's entry of the export, kept between exports of versions of one glossary
    with the same names, sources, site and history (the preview's, after each save): an
    edit changes few entries, and making every one took a second at 10,000 terms, and
    writing them as JSON half a second more. The keeper says which entries an edit
    changed (:meth:`forget`): the preview knows which terms' pages it reached, and a
    term's page shows all its entry holds. Telling, rather than comparing what each
    entry was made from, saves 0.2 s of every save at 10,000 terms.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def entry(self, glossary: Glossary, term: Term) -> _Entry:
        kept = self._entries.get(term.slug)
        if kept is None:
            kept = self._entries[term.slug] = _entry(glossary, term)
        return kept

    def forget(self, slugs: Iterable[str]) -> None:
        """Have the next export make the entries of ``slugs`` again: those an edit may have changed."""
        for slug in slugs:
            self._entries.pop(slug, None)


def glossary_json(glossary: Glossary, kept: ExportedTerms | None = None) -> dict[str, Any]:
    """Every term and source as plain data (see :data:`EXPORT`); ``kept``: entries made
    before, where they still hold (see :class:`ExportedTerms`)."""
    return _export(glossary, kept)[0]


def _export(glossary: Glossary, kept: ExportedTerms | None) -> tuple[dict[str, Any], str, list[_Entry]]:
    """:func:`glossary_json`'s data, the text of ``glossary.json``, and the terms' entries.

    The text is joined from the entries' own JSON, and the revision is the hash of all
    of it after the head: the encoder passes over the sources and changes, not the terms.
    """
    site = glossary.site
    entries = [kept.entry(glossary, term) if kept else _entry(glossary, term) for term in glossary.sorted_terms()]
    content = {
        "title": site.title,
        "url": site.url,
        "description": site.description,
        "publisher": site.publisher,
        "sources": [{"id": source.id, "title": source.title, "author": source.author,
                     "description": source.description, "url": absolute(site, source_path(source.id)),
                     "posts": [{"title": post.title, "url": post.url, "author": post.author}
                               for post in source.posts.values()]}
                    for source in sorted(glossary.sources.values(), key=lambda s: s.id)],
        "changes": [{"date": change.date.isoformat(), "commit": change.commit, "added": list(change.added),
                     "changed": list(change.changed)} for change in glossary.changes[:EXPORTED_CHANGES]],
    }
    body = _joined(_compact(content), "terms", [entry.json for entry in entries])
    head = {"$schema": absolute(site, JSON_SCHEMA_FILE), "version": FORMAT_VERSION,
            "revision": hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]}
    data = {**head, **content, "terms": [entry.data for entry in entries]}
    return data, _compact(head)[:-1] + "," + body[1:] + "\n", entries


def _compact(data: Any) -> str:
    """JSON as the export files hold it. They hold every term (14 MB at 10,000 terms):
    compact JSON is smaller to download, and Python writes it several times faster than
    indented JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _joined(obj: str, key: str, items: list[str]) -> str:
    """The compact JSON object ``obj`` with ``key`` added last, a list of the JSON ``items``."""
    return f'{obj[:-1]}{"," if len(obj) > 2 else ""}{_compact(key)}:[{",".join(items)}]}}'


def _entry(glossary: Glossary, term: Term) -> _Entry:
    data = _term(glossary, term)
    return _Entry(data, _compact(data), _compact(_concept(data, glossary.site.url,
                                                          lambda slug: absolute(glossary.site, term_path(slug)))))


def _term(glossary: Glossary, term: Term) -> dict[str, Any]:
    site = glossary.site
    definition = portable_definition(glossary, term)
    return {
        "slug": term.slug,
        "url": absolute(site, term_path(term.slug)),
        "title": term.name,
        "aliases": list(term.aliases),
        "alias_urls": [absolute(site, term_path(slug)) for slug in redirect_slugs(term)],
        "short": term.short,
        "definition": {"markdown": definition, "html": markdown_to_html(definition)},
        "tags": list(term.tags),
        "relations": {kind: [other.slug for other in others] for kind, others in glossary.relation_groups(term)},
        "quotes": [{"text": quote.text, "source": quote.source.id,
                    "passage_url": absolute(site, passage_path(quote.source.id, quote.anchor)), "note": quote.note}
                   for quote in term.quotes],
        "references": [_reference(reference) for reference in term.references],
        "history": ({"published": history.published.isoformat(), "changed": history.changed.isoformat()}
                    if (history := glossary.history.get(term.slug)) else None),
        "senses": [{"by": sense.by, "meaning": sense.meaning, "reference": _reference(sense.reference)}
                   for sense in term.senses],
        "mentions": [{"source": mention.source.id, "passage_url": absolute(site, passage_path(mention.source.id,
                                                                                              mention.block.anchor)),
                      "text": mention.written}
                     for mention in glossary.mentions_of(term)],
    }


def _reference(reference: Reference) -> dict[str, Any]:
    return {"title": reference.title, "url": reference.url, "locator": reference.locator}


def portable_definition(glossary: Glossary, term: Term) -> str:
    """The definition as Markdown that reads anywhere: ``[[links]]`` become absolute links."""
    edits, _ = wikilink_edits(glossary, term.definition, lambda other: absolute(glossary.site, term_path(other.slug)),
                              escape_portable)
    return splice(term.definition, edits).strip()


class _Sanitise(Postprocessor):
    """The converter's last step: the HTML through the sanitiser (:mod:`.safe_html`)."""

    def run(self, text: str) -> str:
        return safe_html.clean(text)


def inert_markdown(*extensions: str) -> markdown.Markdown:
    """A converter whose output cannot run or load anything: raw HTML is shown as text,
    and the HTML made is cleaned by the sanitiser's allow-list as the last step."""
    converter = markdown.Markdown(extensions=list(extensions))
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.postprocessors.register(_Sanitise(converter), "mesa_glossary_sanitise", 0)
    return converter


@functools.cache
def _converter() -> markdown.Markdown:
    return inert_markdown("tables")


#: How many conversions :func:`markdown_to_html` and :func:`plain_text` remember: more than
#: the definitions of the largest glossary.
CONVERSIONS_KEPT = 32_768


@functools.lru_cache(maxsize=CONVERSIONS_KEPT)
def markdown_to_html(text: str) -> str:
    """Markdown as HTML in which raw HTML is shown as text, never run: exports are pasted anywhere.

    Remembered: converting every definition is most of the exports' time, and the
    preview makes them after every edit, which changes one definition or none.
    """
    return _converter().reset().convert(text)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)


@functools.lru_cache(maxsize=CONVERSIONS_KEPT)
def plain_text(html: str) -> str:
    """The text of a definition's HTML (SKOS's definition); remembered, as :func:`markdown_to_html`."""
    parser = _TextOnly()
    parser.feed(html)
    return " ".join("".join(parser.pieces).split())


SKOS_CONTEXT = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "title": {"@id": "dct:title", "@language": "en"},
    "description": {"@id": "dct:description", "@language": "en"},
    "publisher": "dct:publisher",
    "abstract": {"@id": "dct:abstract", "@language": "en"},
    "prefLabel": {"@id": "skos:prefLabel", "@language": "en"},
    "altLabel": {"@id": "skos:altLabel", "@language": "en"},
    "definition": {"@id": "skos:definition", "@language": "en"},
    "notation": "skos:notation",
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "topConceptOf": {"@id": "skos:topConceptOf", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "related": {"@id": "skos:related", "@type": "@id"},
    "scopeNote": {"@id": "skos:scopeNote", "@language": "en"},
}


def glossary_jsonld(exported: dict[str, Any]) -> dict[str, Any]:
    """The JSON export (:func:`glossary_json`) as a W3C SKOS concept scheme in JSON-LD.

    The context is inline, so no reader fetches anything. The scheme is the site's
    address; each concept is its term's permanent page; terms with no broader term are
    the scheme's top concepts.
    """
    url = {term["slug"]: term["url"] for term in exported["terms"]}
    concepts = [_concept(term, exported["url"], url.__getitem__) for term in exported["terms"]]
    return {"@context": SKOS_CONTEXT, "@graph": [_scheme(exported, exported["terms"]), *concepts]}


def _concept(term: dict[str, Any], scheme: str, url: Callable[[str], str]) -> dict[str, Any]:
    """A term's entry of the export as a SKOS concept; ``url`` gives a term's address by its slug."""
    concept: dict[str, Any] = {"@id": term["url"], "@type": "skos:Concept", "inScheme": scheme,
                               "notation": term["slug"], "prefLabel": term["title"],
                               "definition": plain_text(term["definition"]["html"]), "abstract": term["short"]}
    if term["aliases"]:
        concept["altLabel"] = term["aliases"]
    if term["senses"]:  # SKOS's note on how a concept is used, one per sense
        concept["scopeNote"] = [f"{sense['by']}: {sense['meaning']}" for sense in term["senses"]]
    for relation, slugs in term["relations"].items():
        if slugs:
            concept[relation] = [url(slug) for slug in slugs]
    if not term["relations"]["broader"]:
        concept["topConceptOf"] = scheme
    return concept


def _scheme(exported: dict[str, Any], terms: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The concept scheme: the glossary, whose top concepts are its ``terms`` with no broader term."""
    scheme: dict[str, Any] = {"@id": exported["url"], "@type": "skos:ConceptScheme", "title": exported["title"],
                              "prefLabel": exported["title"],  # the label SKOS tools show
                              "hasTopConcept": [term["url"] for term in terms if not term["relations"]["broader"]]}
    for key in ("description", "publisher"):
        if exported.get(key):
            scheme[key] = exported[key]
    return scheme


def export_files(glossary: Glossary, kept: ExportedTerms | None = None) -> dict[str, str]:
    """The export files by their path in the docs tree; ``kept``: see :func:`glossary_json`.

    Both files are joined from each term's JSON, written once per entry: the same text as
    :func:`glossary_json` and :func:`glossary_jsonld` written whole.
    """
    exported, text, entries = _export(glossary, kept)
    graph = [_compact(_scheme(exported, (entry.data for entry in entries))), *(entry.concept for entry in entries)]
    return {JSON_FILE: text, JSONLD_FILE: _joined(_compact({"@context": SKOS_CONTEXT}), "@graph", graph) + "\n",
            JSON_SCHEMA_FILE: json.dumps(export_schema(glossary), ensure_ascii=False, indent=1) + "\n"}
