"""The whole glossary as one printable HTML document, which :mod:`mesa_glossary.pdf` lays out.

This is a rendering of the model made for paper, not a copy of the web pages: a cover,
contents, every term in name order, the sources in full as an appendix (so that every
quote can be read in its context) and an index of aliases. On paper a link is only
useful with the page it leads to, so every cross-reference also prints its page number.

Page numbers come one of two ways. Without ``page_numbers`` the document asks the
layout engine for them (CSS ``target-counter``), so it stands on its own. WeasyPrint 70
does not always update a forward reference whose target moves while it repaginates,
and pays three layouts for it, so :func:`mesa_glossary.pdf.write_pdf` instead passes
where each anchor landed in the previous layout, and lays out again until they stay put.

Everything written by editors or taken from sources is escaped: a definition's raw HTML
is shown as text, never handed to the engine as markup.
"""

from __future__ import annotations

import functools
import html
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import markdown

from mesa_glossary.assets import BOOK_STYLESHEET
from mesa_glossary.core.diagnostics import counted
from mesa_glossary.core.model import Glossary, Quote, Source, Term, quoted_segments
from mesa_glossary.core.sources import Block
from mesa_glossary.render.exports import inert_markdown
from mesa_glossary.render.markup import link, source_lines
from mesa_glossary.render.pages import link_terms

#: The CSS ``size`` of each paper the book can be printed on.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
STYLESHEET = BOOK_STYLESHEET
#: Stands for a page number not known yet; as wide as most, so the next layout moves little.
UNKNOWN_PAGE = "00"
NBSP = "\u00a0"


def book_html(glossary: Glossary, *, paper: str = "a4", built: date,
              page_numbers: Mapping[str, int] | None = None) -> str:
    """The complete book as one HTML document, styled for print on ``paper`` ("a4" or "letter").

    ``page_numbers`` maps element ids to the pages a previous layout put them on (see
    the module's docstring); without it the CSS numbers the references.
    """
    size = paper_size(paper)
    book = _Book(glossary, page_numbers)
    body = "\n".join((_cover(glossary, built), book.contents(), book.terms_part(), book.sources_part(),
                      book.alias_index()))
    return (f'<!DOCTYPE html>\n<html lang="en">\n{_head(glossary, size, built)}\n'
            f"<body>\n{body}\n</body>\n</html>\n")


def paper_size(paper: str) -> str:
    """The CSS page size of a paper name; anything else is a caller's mistake."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper {paper!r}: choose one of {', '.join(PAPER_SIZES)}")
    return PAPER_SIZES[paper]


def term_id(slug: str) -> str:
    return f"term-{slug}"


def source_id(source: Source) -> str:
    return f"source-{source.id}"


def passage_id(source: Source, block: Block) -> str:
    return f"passage-{source.id}-{block.anchor}"


def _head(glossary: Glossary, size: str, built: date) -> str:
    """Title and metadata, which WeasyPrint copies into the PDF's document information."""
    site = glossary.site
    tags = sorted({tag for term in glossary.terms.values() for tag in term.tags})
    meta = {"author": site.publisher, "description": site.description, "keywords": ", ".join(tags),
            "generator": "mesa-glossary", "dcterms.created": built.isoformat()}
    lines = [f'<meta name="{name}" content="{_text(value)}">' for name, value in meta.items() if value]
    return ('<head>\n<meta charset="utf-8">\n'
            f"<title>{_text(site.title)}</title>\n" + "\n".join(lines) + "\n"
            f"<style>@page {{ size: {size} }}</style>\n"
            f"<style>\n{_stylesheet()}</style>\n</head>")


@functools.cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _text(value: str) -> str:
    """Plain text as HTML content or attribute value."""
    return html.escape(value, quote=True)


def _sorted_sources(glossary: Glossary) -> list[Source]:
    """Sources by title, as the site's source index lists them."""
    return sorted(glossary.sources.values(), key=lambda source: source.title.casefold())


def _cover(glossary: Glossary, built: date) -> str:
    """The title page; its colophon says what the book holds and when it was made."""
    site = glossary.site
    quotes = sum(len(term.quotes) for term in glossary.terms.values())
    counts = " · ".join((counted(len(glossary.terms), "term"), counted(quotes, "quote"),
                         counted(len(glossary.sources), "source")))
    subtitle = f'<p class="cover-subtitle">{_text(site.description)}</p>\n' if site.description else ""
    publisher = f'<p class="cover-publisher">{_text(site.publisher)}</p>\n' if site.publisher else ""
    return ('<section class="cover">\n'
            f'<h1 class="cover-title">{_text(site.title)}</h1>\n{subtitle}'
            '<div class="cover-colophon">\n'
            f'<p class="cover-counts">{counts}</p>\n'
            f'<p class="cover-built">Built {built.day} {built:%B %Y}</p>\n'
            f'<p class="cover-url"><a href="{_text(site.url)}">{_text(site.url)}</a></p>\n'
            f"{publisher}</div>\n</section>")


@functools.cache
def _converter() -> markdown.Markdown:
    """Definitions read as the site reads them (``pymdownx.escapeall``, so every backslash
    escape means what it means there), but inert: raw HTML shown as text, unsafe links dropped."""
    return inert_markdown("tables", "pymdownx.escapeall")


def definition_html(glossary: Glossary, term: Term) -> str:
    """The definition as HTML, its ``[[links]]`` and first mentions of other terms linked
    within the book, as the site links them to their pages."""
    linked = link_terms(glossary, term.definition, lambda slug: f"#{term_id(slug)}", own=term, mention=link)
    return _converter().reset().convert(linked)


def _verbatim(text: str) -> str:
    """Source text as HTML with the line breaks the site shows."""
    return "<br>\n".join(html.escape(line, quote=False) for line in source_lines(text))


@dataclass(frozen=True)
class _Book:
    """The parts of the book that print page numbers, and where those numbers come from."""

    glossary: Glossary
    page_numbers: Mapping[str, int] | None

    def page(self, target: str) -> str:
        """The page of the element with id ``target``, or a request for the CSS to print it.

        A known number is plain text: WeasyPrint breaks a line too early when an
        unbreakable run (", page 12") ends inside an element of its own.
        """
        if self.page_numbers is None:
            return f'<span class="page" data-target="#{target}"></span>'
        number = self.page_numbers.get(target)
        return UNKNOWN_PAGE if number is None else str(number)

    def contents(self) -> str:
        """Every section with its page; the CSS draws the dotted leaders."""
        def entry(kind: str, target: str, label: str) -> str:
            return (f'<li class="toc-{kind}"><a href="#{target}">{_text(label)}'
                    f'<span class="toc-page">{self.page(target)}</span></a></li>')

        glossary = self.glossary
        terms = "\n".join(entry("term", term_id(term.slug), term.name) for term in glossary.sorted_terms())
        sources = "\n".join(entry("source", source_id(source), source.title) for source in _sorted_sources(glossary))
        return ('<nav class="contents">\n<h1 id="contents">Contents</h1>\n<ul class="toc-parts">\n'
                f'{entry("part", "terms", "Terms")}\n</ul>\n<ul class="toc-terms">\n{terms}\n</ul>\n'
                f'<ul class="toc-parts">\n{entry("part", "sources", "Sources")}\n</ul>\n'
                f'<ul class="toc-sources">\n{sources}\n</ul>\n'
                f'<ul class="toc-parts">\n{entry("part", "aliases", "Index of aliases")}\n</ul>\n</nav>')

    def terms_part(self) -> str:
        terms = "\n".join(self.term_section(term) for term in self.glossary.sorted_terms())
        return f'<section class="part part-terms">\n<h1 class="part-title" id="terms">Terms</h1>\n{terms}\n</section>'

    def term_section(self, term: Term) -> str:
        """One term; its heading, names and summary form one unbreakable head."""
        head = [f'<h2 id="{term_id(term.slug)}">{_text(term.name)}</h2>']
        if term.aliases:
            head.append('<p class="aliases">Also called '
                        + ", ".join(f"<i>{_text(alias)}</i>" for alias in term.aliases) + "</p>")
        if term.tags:
            head.append('<p class="tags">' + " ".join(f'<span class="tag">{_text(tag)}</span>' for tag in term.tags)
                        + "</p>")
        head.append(f'<p class="short">{_text(term.short)}</p>')
        parts = ['<article class="term">', '<header class="term-head">', *head, "</header>",
                 f'<div class="definition">\n{definition_html(self.glossary, term)}\n</div>']
        parts.extend(self.relations(term))
        if term.quotes:
            parts.append('<section class="quotes">\n<h3>In the sources</h3>\n'
                         + "\n".join(self.quote(quote) for quote in term.quotes) + "\n</section>")
        if term.references:
            parts.append('<section class="references">\n<h3>References</h3>\n<ul>\n'
                         + "\n".join(f'<li><span class="reference-title">{_text(ref.title)}</span> '
                                     f'<a class="url" href="{_text(ref.url)}">{_text(ref.url)}</a></li>'
                                     for ref in term.references) + "\n</ul>\n</section>")
        parts.append("</article>")
        return "\n".join(parts)

    def relations(self, term: Term) -> Iterator[str]:
        """Broader, narrower and related terms, as the site groups them, each with its page."""
        for kind, others in self.glossary.relation_groups(term):
            if others:
                links = "; ".join(self.relation(other) for other in others)
                yield f'<p class="relation"><span class="label">{kind.capitalize()}</span> {links}</p>'

    def relation(self, other: Term) -> str:
        target = term_id(other.slug)
        return (f'<a class="term-link" href="#{target}">{_text(other.name)}</a> '
                f'<span class="see-page">(<a class="see" href="#{target}">see page {self.page(target)}</a>)</span>')

    def quote(self, quote: Quote) -> str:
        """A quote, passage by passage, attributed and linked to its passage in the appendix."""
        text = quote.source.text.text
        body = "\n".join(
            f"<p>{_verbatim(text[max(block.start, quote.span.start) : min(block.end, quote.span.end)])}</p>"
            for block in quote.blocks)
        source = quote.source
        author = f", {_text(source.author)}" if source.author else ""
        target = passage_id(source, quote.blocks[0])
        note = f'\n<p class="note">{_text(quote.note)}</p>' if quote.note else ""
        return (f'<blockquote class="quote">\n{body}\n<footer class="attribution">— <cite>{_text(source.title)}</cite>'
                f'{author} <span class="sep">·</span> <a class="see" href="#{target}">→ passage, '
                f"page {self.page(target)}</a></footer>{note}\n</blockquote>")

    def sources_part(self) -> str:
        sources = "\n".join(self.source_section(source) for source in _sorted_sources(self.glossary))
        return ('<section class="part part-sources">\n<h1 class="part-title" id="sources">Sources</h1>\n'
                '<p class="part-intro">Every quote in this glossary is checked, word for word, against these '
                "documents. They are printed here in full; quoted passages are highlighted.</p>\n"
                f"{sources}\n</section>")

    def source_section(self, source: Source) -> str:
        """A source in full, every block in order, quoted spans marked."""
        quotes = self.glossary.quotes_from(source)
        by_block = self.glossary.quotes_by_block(source)
        facts = [f"Source document <code>{_text(source.path.name)}</code>"]
        if source.author:
            facts.append(f"by {_text(source.author)}")
        facts.append(counted(len(quotes), "quoted passage"))
        parts = ['<section class="source">', f'<h2 id="{source_id(source)}">{_text(source.title)}</h2>',
                 f'<p class="source-facts">{" · ".join(facts)}</p>']
        if source.description:
            parts.append(f'<p class="source-description">{_text(source.description)}</p>')
        parts.append('<div class="source-text">')
        for block in source.text.blocks:
            if block.kind == "title":
                parts.append(f'<h3 class="block-title" id="{passage_id(source, block)}">'
                             f"{_text(block.display_text)}</h3>")
            else:
                parts.append(self.passage(source, block, by_block.get(block.anchor, [])))
        parts.append("</div>\n</section>")
        return "\n".join(parts)

    def passage(self, source: Source, block: Block, quotes: list[tuple[Term, Quote]]) -> str:
        """A passage with every quoted span marked, cut where any quote starts or ends, as on
        the site; quotes may overlap, and one may run on into the next passage."""
        text = source.text.text
        pieces = []
        for start, end, covering in quoted_segments(block, (quote for _, quote in quotes)):
            segment = _verbatim(text[start:end])
            pieces.append(f"<mark>{segment}</mark>" if covering else segment)
        paragraph = f'<p class="passage" id="{passage_id(source, block)}">{"".join(pieces)}</p>'
        if not quotes:
            return paragraph
        terms = {term.slug: term for term, _ in quotes}.values()
        cited = ", ".join(f'<a href="#{term_id(term.slug)}">{_text(term.name)}{NBSP}(p.{NBSP}'
                          f"{self.page(term_id(term.slug))})</a>" for term in terms)
        return f'<div class="quoted-passage">\n{paragraph}\n<p class="quoted-in">quoted in: {cited}</p>\n</div>'

    def alias_index(self) -> str:
        """Every name a reader may look up, alphabetically, grouped by initial."""
        entries = sorted(((name, term) for term in self.glossary.terms.values() for name in term.names),
                         key=lambda pair: (pair[0].casefold(), pair[0]))
        groups: dict[str, list[str]] = defaultdict(list)
        for name, term in entries:
            initial = name[:1].upper()
            groups[initial if initial.isalpha() else "#"].append(self.index_entry(name, term))
        letters = sorted(groups, key=lambda letter: (letter == "#", letter))
        body = "\n".join(f'<h3 class="index-letter">{_text(letter)}</h3>\n<ul>\n' + "\n".join(groups[letter])
                         + "\n</ul>" for letter in letters)
        return ('<section class="part part-index">\n<h1 class="part-title" id="aliases">Index of aliases</h1>\n'
                '<p class="part-intro">Every name of every term; other names point to the term they stand for.</p>\n'
                f'<div class="index-columns">\n{body}\n</div>\n</section>')

    def index_entry(self, name: str, term: Term) -> str:
        """"alias → Term, page N", the link after the alias; a term's own name in bold.

        No line break after the arrow nor inside ", page N". A line that starts inside nested inline elements
        (a link around the italic alias) breaks too early in WeasyPrint under a hanging
        indent, so the alias stands outside the link.
        """
        target = term_id(term.slug)
        page = f",{NBSP}page{NBSP}{self.page(target)}"
        if name == term.name:
            return f'<li class="index-term"><a href="#{target}">{_text(name)}{page}</a></li>'
        return f'<li><i>{_text(name)}</i> <a href="#{target}">→{NBSP}{_text(term.name)}{page}</a></li>'
