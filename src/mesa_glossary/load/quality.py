"""Editorial quality gates, beyond what makes a glossary valid, and source coverage.

``check --strict`` turns these warnings into failures. They catch what makes an entry
less trustworthy or harder to find: a term with nothing to cite, a term nothing links
to, a summary too long for a link preview, the same passage quoted twice, and a
definition that copies the sources instead of explaining in our own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mesa_glossary.core.diagnostics import Diagnostic, Location
from mesa_glossary.core.markdown_text import find_wikilinks
from mesa_glossary.core.model import Glossary, Quote, Site, Source, Term
from mesa_glossary.core.sources import Block

#: Link previews (OpenGraph, forums, chat) cut descriptions at about this length.
SHORT_RECOMMENDED_LENGTH = 160
#: This many words in a row, shared with a source, is copying rather than explaining.
COPIED_WORDS = 10

_WORD = re.compile(r"[\w’'-]+")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def warnings(glossary: Glossary) -> list[Diagnostic]:
    """Every quality warning for the glossary, by file and position."""
    found: list[Diagnostic] = []
    linked = _linked_terms(glossary)
    copied = _SourceWords(glossary.sources.values())
    for term in glossary.terms.values():
        found.extend(_term_warnings(term, term.slug in linked, copied))
    return found


def _warning(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, message, severity="warning")


def _term_warnings(term: Term, is_linked: bool, copied: _SourceWords) -> Iterator[Diagnostic]:
    if not term.quotes and not term.references:
        yield _warning(term.where("term"),
                       f"'{term.slug}' has neither a quote nor a reference: cite where it comes from")
    if not is_linked:
        yield _warning(term.where("term"), f"no other term links to '{term.slug}': link it from a definition, "
                       "'broader' or 'related'")
    if len(term.short) > SHORT_RECOMMENDED_LENGTH:
        yield _warning(term.where("short"), f"'short' is {len(term.short)} characters; link previews cut it after "
                       f"about {SHORT_RECOMMENDED_LENGTH}")
    seen: list[Quote] = []
    for quote in term.quotes:
        for earlier in seen:
            overlapping = earlier.span.start < quote.span.end and quote.span.start < earlier.span.end
            if earlier.source is quote.source and overlapping:
                yield _warning(quote.location, f"this quote repeats a passage already quoted at {earlier.location}")
                break
        seen.append(quote)
    run = copied.longest_shared_run(term.definition)
    if run:
        yield _warning(term.where("definition"), f"the definition copies {len(run.split())} words from a source "
                       f"(\"{run}\"): quote it instead, and define it in our own words")


def _linked_terms(glossary: Glossary) -> set[str]:
    """Slugs that some other term's page links to: by definition link or by relation."""
    linked: set[str] = set()
    for term in glossary.terms.values():
        targets = {target.slug for link in find_wikilinks(term.definition)
                   if (target := glossary.lookup(link.target)) is not None}
        targets |= set(term.broader) | set(term.narrower) | {other.slug for other in glossary.related_to(term)}
        linked |= targets - {term.slug}
    return linked


class _SourceWords:
    """Runs of :data:`COPIED_WORDS` words of every source, to spot copied definitions."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.runs: set[tuple[str, ...]] = set()
        for source in sources:
            words = _words(source.text.text)
            self.runs.update(tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1))

    def longest_shared_run(self, markdown: str) -> str | None:
        plain = _MARKDOWN_LINK.sub(r"\1", markdown)
        words = _words(plain)
        hits = {i for i in range(len(words) - COPIED_WORDS + 1) if tuple(words[i : i + COPIED_WORDS]) in self.runs}
        if not hits:
            return None
        start = end = min(hits)
        while end + 1 in hits:
            end += 1
        return " ".join(words[start : end + COPIED_WORDS])


def _words(text: str) -> list[str]:
    return [word.casefold().replace("’", "'") for word in _WORD.findall(text)]


@dataclass(frozen=True)
class SourceCoverage:
    source: Source
    passages: list[Block]
    unquoted: list[Block]

    @property
    def percent(self) -> float:
        return 100.0 * (len(self.passages) - len(self.unquoted)) / len(self.passages) if self.passages else 100.0


def coverage(glossary: Glossary) -> list[SourceCoverage]:
    """For each source, its passages and those that no term quotes."""
    report = []
    for source in sorted(glossary.sources.values(), key=lambda s: s.id):
        quoted = {block.anchor for _, quote in glossary.quotes_from(source) for block in quote.blocks}
        passages = [block for block in source.text.blocks if block.kind == "passage"]
        report.append(SourceCoverage(source, passages, [b for b in passages if b.anchor not in quoted]))
    return report


#: Host names reserved for examples and tests (RFC 2606, RFC 6761): no site is published there.
_PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(com|org|net)|example|invalid|test|localhost)$")


def placeholder_address(site: Site) -> Diagnostic | None:
    """A warning when ``url`` in site.yaml is still a placeholder: every permanent link,
    link preview, the PDF and the author tools' output would point there."""
    host = (urlsplit(site.url).hostname or "").lower()
    if not _PLACEHOLDER_HOSTS.search(host):
        return None
    return _warning(site.url_location or Location(Path("glossary/site.yaml")),
                    f"'url' is {site.url}, a placeholder: copied links, link previews, the PDF and the author "
                    "tools would point there; set the address the site is published at (README, Publishing)")
