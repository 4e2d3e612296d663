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

The document is the Jinja2 template ``assets/templates/book.html``, autoescaped:
everything written by editors or taken from sources is escaped, and a definition's raw
HTML is shown as text, never handed to the engine as markup. This module hands it the
pieces only code can make: page numbers, definitions and verbatim source text.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterator, Mapping
from datetime import date

import markdown
from markupsafe import Markup

from mesa_glossary.assets import BOOK_STYLESHEET
from mesa_glossary.core.diagnostics import counted
from mesa_glossary.core.model import Glossary, Quote, Source, Term, quoted_segments
from mesa_glossary.core.sources import Block
from mesa_glossary.render.exports import inert_markdown
from mesa_glossary.render.markup import link, source_lines
from mesa_glossary.render.pages import link_terms, terms_by_tag
from mesa_glossary.render.templates import render_template
from mesa_glossary.render.views import MENTIONS_SHOWN, excerpt, letter_groups, source_facts

#: The CSS ``size`` of each paper the book can be printed on.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
#: Stands for a page number not known yet; as wide as most, so the next layout moves little.
UNKNOWN_PAGE = "00"
NBSP = "\u00a0"


def book_html(glossary: Glossary, *, paper: str = "a4", built: date,
              page_numbers: Mapping[str, int] | None = None) -> str:
    """The complete book as one HTML document, styled for print on ``paper`` ("a4" or "letter").

    ``page_numbers`` maps element ids to the pages a previous layout put them on (see
    the module's docstring); without it the CSS numbers the references.
    """
    site = glossary.site
    tags = sorted({tag for term in glossary.terms.values() for tag in term.tags})
    quotes = sum(len(term.quotes) for term in glossary.terms.values())
    names = sorted(((name, term) for term in glossary.terms.values() for name in term.names),
                   key=lambda pair: (pair[0].casefold(), pair[0]))

    def page(target: str) -> Markup | str:
        """The page of the element with id ``target``, or a request for the CSS to print it.

        A known number is plain text: WeasyPrint breaks a line too early when an
        unbreakable run (", page 12") ends inside an element of its own.
        """
        if page_numbers is None:
            return Markup('<span class="page" data-target="#{}"></span>').format(target)
        number = page_numbers.get(target)
        return UNKNOWN_PAGE if number is None else str(number)

    return render_template(
        "book.html", glossary=glossary, site=site, built=built, size=paper_size(paper),
        stylesheet=Markup(_stylesheet()),
        # Title and metadata, which WeasyPrint copies into the PDF's document information.
        metadata=[("author", site.publisher), ("description", site.description), ("keywords", ", ".join(tags)),
                  ("generator", "mesa-glossary"), ("dcterms.created", built.isoformat())],
        counts=" · ".join((counted(len(glossary.terms), "term"), counted(quotes, "quote"),
                           counted(len(glossary.sources), "source"))),
        alias_groups=letter_groups(names, lambda pair: pair[0]),
        page=page, term_id=term_id, source_id=source_id, passage_id=passage_id, nbsp=NBSP, counted=counted,
        source_facts=source_facts, quoting_terms=_quoting_terms, passage_pieces=_passage_pieces,
        excerpt=excerpt, mentions_shown=MENTIONS_SHOWN, tagged=terms_by_tag(glossary),
        definition=lambda term: Markup(definition_html(glossary, term)),
        verbatim=lambda source, start, end: _verbatim(source.text.text[start:end]))


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


@functools.cache
def _stylesheet() -> str:
    return BOOK_STYLESHEET.read_text(encoding="utf-8")


@functools.cache
def _converter() -> markdown.Markdown:
    """Definitions read as the site reads them (``pymdownx.escapeall``, so every backslash
    escape means what it means there), but inert: raw HTML shown as text, unsafe links dropped."""
    return inert_markdown("tables", "pymdownx.escapeall")


def definition_html(glossary: Glossary, term: Term) -> str:
    """The definition as HTML, its ``[[links]]`` and first mentions of other terms linked
    within the book, as the site links them to their pages."""
    linked = link_terms(glossary, term.definition, lambda slug: f"#{term_id(slug)}", own=term, mention=link)
    return str(_converter().reset().convert(linked))


def _verbatim(text: str) -> Markup:
    """Source text as HTML with the line breaks the site shows."""
    return Markup("<br>\n".join(html.escape(line, quote=False) for line in source_lines(text)))


def _passage_pieces(source: Source, block: Block, quotes: list[tuple[Term, Quote]]) -> Iterator[tuple[Markup, bool]]:
    """A passage cut where any quote starts or ends, as on the site (quotes may overlap, and
    one may run on into the next passage): each piece and whether a quote covers it."""
    for start, end, covering in quoted_segments(block, (quote for _, quote in quotes)):
        yield _verbatim(source.text.text[start:end]), bool(covering)


def _quoting_terms(quotes: list[tuple[Term, Quote]]) -> list[Term]:
    """The terms that quote a passage, each once, in the order of their quotes."""
    return list({term.slug: term for term, _ in quotes}.values())
