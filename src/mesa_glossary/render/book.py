"""The whole glossary as printable HTML documents, which :mod:`mesa_glossary.publish.pdf` lays out.

This is a rendering of the model made for paper, not a copy of the web pages: a cover,
contents, a preface with a path through the core terms and their map, every term in
name order, the sources in full as an appendix (so that every quote can be read in its
context), the families of terms and an index of aliases. On paper a link is only useful
with the page it leads to, so every cross-reference also prints its page number.

The book is cut into chunks (:func:`book_chunks`), each its own HTML document: a large
glossary's book is laid out chunk by chunk, each in its own process, and joined, so the
time and memory per page stay flat as the glossary grows. Chunks break where the book
turns a page anyway: between parts, between sources, and between letters of the terms
(only a letter too long for one chunk is cut between two terms). A chunk that continues
a part says so (``resume``), so its running heads name the part and it opens no part.
The contents and the index are long runs of even lines in columns, which a cut would
leave on a part-filled page: a chunk cut through one of them gives the lines of its last
page to the next chunk (see :data:`GIVES`).

A chunk's layout must not depend on the pages of the other chunks, or a page more in one
would lay out every later one again. So a page number is printed as zeros as wide as
the number (:func:`page_slot`: the width the PDF writer passes, from where each anchor
landed in the last layout), in a span of its own, and each footer counts the chunk's
own pages from 0; once the chunks are laid out, the writer sets every one of them to
its page in the book. Links within the book are written as ``mesa-glossary-book:<id>``,
since a chunk's targets may lie in another chunk; the writer turns them into the PDF's
named destinations once the chunks are joined.

The documents come from the Jinja2 template ``assets/templates/book.html``, autoescaped:
everything written by editors or taken from sources is escaped, and a definition's raw
HTML is shown as text, never handed to the engine as markup. This module hands it the
pieces only code can make: page numbers, definitions, verbatim source text and the map.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
#: The width of a page number not known yet, as zeros (the PDF writer passes one as wide as
#: the book's page count is likely to be).
UNKNOWN_PAGE = "00"
#: Where a page number goes; the PDF writer finds the span in the laid-out chunk (its text
#: alone, in a link into the book) and sets the number of the page the link leads to.
_PAGE_SLOT_CLASS = "page-number"
_PAGE_SLOT = f'<span class="{_PAGE_SLOT_CLASS}" data-page="{{target}}">{{zeros}}</span>'
_PAGE_SLOTS = re.compile(rf'<span class="{_PAGE_SLOT_CLASS}" data-page="([^"<>]*)">(0+)</span>')
NBSP = "\u00a0"
#: How links within the book are written; the PDF writer makes them named destinations.
BOOK_LINK_SCHEME = "mesa-glossary-book:"
#: The parts set as lines in columns, whose chunks hand on their last page: a cut through
#: one would leave that page part-filled, with its columns balanced halfway down, in the
#: middle of the part. The layout drops that page, and the next chunk starts with its
#: lines (:func:`carried_into`); elsewhere a page that ends early is where an entry or a
#: passage that would not fit starts overleaf, as on any page of the part.
CARRIED_PARTS = frozenset({"contents", "index"})
#: The attribute of the element whose list items (``li``) a chunk may give to the next one.
GIVES = "data-gives-last-page"
#: About how many pages one chunk holds: enough that a process's start and the fonts
#: embedded once a chunk cost little, few enough that a chunk's layout stays small.
CHUNK_PAGES = 32.0
#: Roughly what each piece of the book takes, in pages (from this project's own book),
#: to cut chunks of about CHUNK_PAGES; a wrong guess only makes chunks longer or shorter.
#: The contents and the index are weighed by what they cost to lay out, which is also what
#: the layout and the join hold in memory: each line has a link, a page number and (in
#: the contents) a leader, each tagged. At 10,000 terms, a page of contents took five
#: times as long as a page of terms and a page of the index twice as long, and a chunk of
#: either needed 225 to 280 MB to lay out against 130 MB for one of terms. Their lines
#: (some 110 to a page) are weighed so that any chunk costs about what one of terms does.
_PAGES = {"cover": 1.0, "preface": 3.0, "contents": 6 / 110, "term": 0.6, "source": 0.3, "tags": 1.0,
          "tag": 1 / 40, "index": 3 / 110}
_SOURCE_CHARS_PER_PAGE = 4_500
#: A paragraph's last two words, which a line of a quote or passage keeps together...
_LAST_WORDS = re.compile(r"(\S+\s+\S+)\s*$")
#: ...when they are this short at most (a narrow column fits some 45 characters).
_LAST_WORDS_CHARS = 30


@dataclass(frozen=True)
class SourceSlice:
    """Consecutive blocks of one source; ``opens`` when its title and facts are here."""

    source: Source
    blocks: tuple[Block, ...]
    opens: bool


@dataclass
class Piece:
    """A run of one part of the book within a chunk.

    ``kind`` is ``cover``, ``contents`` (terms listed), ``preface``, ``terms``,
    ``sources`` (a source and one of its blocks, or None for its title and facts),
    ``tags`` or ``index`` (names and their terms). ``opens`` when the part begins here
    (its heading is here), ``closes`` when it ends here; a piece that does not open a part
    continues it from the chunk before.
    """

    kind: str
    items: list[Any] = field(default_factory=list)
    opens: bool = True
    closes: bool = True

    @property
    def gives(self) -> bool:
        """Whether the lines of its last page may go to the next chunk (:data:`CARRIED_PARTS`)."""
        return self.kind in CARRIED_PARTS and not self.closes

    @property
    def entries(self) -> list[Any]:
        """The items as the template reads them: sources as slices, names by letter."""
        if self.kind == "sources":
            slices: list[SourceSlice] = []
            for source, block in self.items:
                if not slices or slices[-1].source is not source:
                    slices.append(SourceSlice(source, (), opens=block is None))
                if block is not None:
                    slices[-1] = SourceSlice(source, (*slices[-1].blocks, block), slices[-1].opens)
            return slices
        if self.kind == "index":
            return [(letter, tuple(group)) for letter, group in letter_groups(self.items, lambda pair: pair[0])]
        return self.items


@dataclass(frozen=True)
class BookChunk:
    """One run of the book, laid out as a document of its own."""

    pieces: tuple[Piece, ...]

    @property
    def kinds(self) -> list[str]:
        return [piece.kind for piece in self.pieces]

    @property
    def takes(self) -> bool:
        """Whether it starts with the lines the chunk before gives (:data:`CARRIED_PARTS`)."""
        return self.pieces[0].kind in CARRIED_PARTS and not self.pieces[0].opens


def carried_into(chunk: BookChunk, before: BookChunk, lines: int) -> BookChunk:
    """``chunk`` starting with the last ``lines`` items of ``before``, which its layout
    gave (the lines of its last page): the two continue one part, so the items are alike."""
    if not lines:
        return chunk
    if not chunk.takes or not before.pieces[-1].gives or lines >= len(before.pieces[-1].items):
        raise ValueError(f"{lines} lines cannot pass between these chunks")
    first = chunk.pieces[0]
    given = Piece(first.kind, [*before.pieces[-1].items[-lines:], *first.items], first.opens, first.closes)
    return BookChunk((given, *chunk.pieces[1:]))


def book_chunks(glossary: Glossary, *, chunk_pages: float = CHUNK_PAGES) -> list[BookChunk]:
    """The book in reading order, cut into chunks of about ``chunk_pages`` pages: between
    parts, between sources, between a source's blocks, and between letters of the terms
    (a letter too long for one chunk between its terms)."""
    packer = _Packer(chunk_pages)
    packer.add("cover", [None], _PAGES["cover"], first=True)
    terms = glossary.sorted_terms()
    packer.add("contents", [], 0, first=True)  # the heading and the parts, with or without terms
    for term in terms:
        packer.add("contents", [term], _PAGES["contents"], first=False)
    packer.add("preface", list(start_here(glossary)), _PAGES["preface"], first=True)
    per_chunk = max(1, int(chunk_pages / _PAGES["term"]))
    for _, group in letter_groups(terms, lambda term: term.name):
        for start in range(0, len(group), per_chunk):
            run = group[start:start + per_chunk]
            packer.add("terms", run, _PAGES["term"] * len(run), first=run[0] is terms[0])
    for number, source in enumerate(glossary.sorted_sources()):
        packer.add("sources", [(source, None)], _PAGES["source"], first=number == 0)
        for block in source.text.blocks:
            packer.add("sources", [(source, block)], len(block.text) / _SOURCE_CHARS_PER_PAGE, first=False)
    packer.add("tags", [None], _PAGES["tags"] + _PAGES["tag"] * len(glossary.tags), first=True)
    names = sorted(((name, term) for term in glossary.terms.values() for name in term.names),
                   key=lambda pair: (pair[0].casefold(), pair[0]))
    packer.add("index", [], 0, first=True)
    for pair in names:
        packer.add("index", [pair], _PAGES["index"], first=False)
    return packer.chunks()


class _Packer:
    """Fills chunks in reading order, starting a new one where the next unit would not fit."""

    def __init__(self, chunk_pages: float) -> None:
        self.limit = chunk_pages
        self.pieces: list[list[Piece]] = [[]]
        self.weight = 0.0

    def add(self, kind: str, items: Sequence[Any], weight: float, *, first: bool) -> None:
        """Add ``items``, which stay together, to the part ``kind``; ``first`` when they begin it."""
        if self.weight and self.weight + weight > self.limit:
            self.pieces.append([])
            self.weight = 0.0
        current = self.pieces[-1]
        if current and current[-1].kind == kind:
            current[-1].items.extend(items)
        else:
            current.append(Piece(kind, list(items), opens=first))
        self.weight += weight

    def chunks(self) -> list[BookChunk]:
        last = {piece.kind: piece for pieces in self.pieces for piece in pieces}
        for pieces in self.pieces:
            for piece in pieces:
                piece.closes = piece is last[piece.kind]
        return [BookChunk(tuple(pieces)) for pieces in self.pieces]


def start_here(glossary: Glossary) -> tuple[Term, ...]:
    """The reading path ``site.yaml`` gives (``start_here``), as terms."""
    return tuple(glossary.terms[slug] for slug in glossary.site.start_here if slug in glossary.terms)


def outline(glossary: Glossary) -> list[tuple[int, str, str]]:
    """The PDF's bookmarks, in order: (level, title, anchor id). The parts, and under
    them each term and source; the preface's path is the only entry that may be missing."""
    entries = [(1, "Contents", "contents"), (1, "Preface", "preface")]
    if start_here(glossary):
        entries.append((1, "Start here", "start-here"))
    entries.append((1, "Terms", "terms"))
    entries += [(2, term.name, term_id(term.slug)) for term in glossary.sorted_terms()]
    entries.append((1, "Sources", "sources"))
    entries += [(2, source.title, source_id(source)) for source in glossary.sorted_sources()]
    return [*entries, (1, "Families of terms", "tags"), (1, "Index of aliases", "aliases")]


def book_html(glossary: Glossary, *, paper: str = "a4", built: date,
              page_numbers: Mapping[str, int] | None = None, chunk: BookChunk | None = None,
              map_svg: str = "", unknown_page: str = UNKNOWN_PAGE) -> str:
    """The book as one HTML document styled for print on ``paper`` ("a4" or "letter"):
    one chunk of it, or the whole book when ``chunk`` is None. ``page_numbers`` maps
    element ids to the pages a previous layout put them on, which gives each page number
    its width; an id it lacks is as wide as ``unknown_page``. ``map_svg`` is the map of
    the reading path (a figure after it), as
    :func:`mesa_glossary.render.conceptmap.book_map_svg` draws it.
    """
    site = glossary.site
    tags = sorted({tag for term in glossary.terms.values() for tag in term.tags})
    quotes = sum(len(term.quotes) for term in glossary.terms.values())
    numbers = page_numbers or {}

    def page(target: str) -> Markup:
        number = numbers.get(target)
        return page_slot(target, unknown_page if number is None else "0" * len(str(number)))

    return render_template(
        "book.html", glossary=glossary, site=site, built=built, size=paper_size(paper),
        chunks=[chunk] if chunk else book_chunks(glossary), path=start_here(glossary),
        stylesheet=Markup(_stylesheet()), map_svg=Markup(map_svg), gives=Markup(GIVES),
        # Title and metadata, which WeasyPrint copies into the PDF's document information.
        metadata=[("author", site.publisher), ("description", site.description), ("keywords", ", ".join(tags)),
                  ("generator", "mesa-glossary"), ("dcterms.created", built.isoformat())],
        counts=" · ".join((counted(len(glossary.terms), "term"), counted(quotes, "quote"),
                           counted(len(glossary.sources), "source"))),
        page=page, href=book_href, term_id=term_id, source_id=source_id, passage_id=passage_id, nbsp=NBSP,
        counted=counted, source_facts=source_facts, quoting_terms=_quoting_terms, passage_pieces=_passage_pieces,
        excerpt=excerpt, mentions_shown=MENTIONS_SHOWN, tagged=terms_by_tag(glossary), typeset=typeset,
        definition=lambda term: Markup(definition_html(glossary, term)),
        verbatim=lambda source, start, end: _verbatim(source.text.text[start:end]))


def page_slot(target: str, zeros: str) -> Markup:
    """The page number of the element with id ``target``, printed as ``zeros`` until the
    PDF writer sets it. Its own span, so that the writer finds it; WeasyPrint then breaks
    a line a word early, rarely, where an unbreakable run (", page 12") ends in it."""
    return Markup(_PAGE_SLOT).format(target=target, zeros=zeros)


def page_slots(document: str) -> list[tuple[str, int]]:
    """The page numbers a document made by :func:`book_html` prints, in order: each one's
    target (an element id) and width in digits."""
    return [(html.unescape(target), len(zeros)) for target, zeros in _PAGE_SLOTS.findall(document)]


def page_slots_within(element: Any) -> int:
    """How many page numbers an element of a parsed chunk (an ElementTree element, as
    WeasyPrint parses it) prints: the slots of :func:`page_slots` that it holds."""
    return sum(1 for inner in element.iter("span") if inner.get("class") == _PAGE_SLOT_CLASS)


def digits_html(paper: str = "a4") -> str:
    """A page with every digit in every face the book may set a page number in (the
    book's serif and sans, upright and italic, regular and bold): a chunk's fonts hold
    only the glyphs it printed, so the PDF writer sets page numbers in these."""
    return render_template("book_digits.html", size=paper_size(paper), stylesheet=Markup(_stylesheet()))


def book_href(target: str) -> str:
    """A link to the element with id ``target`` anywhere in the book."""
    return BOOK_LINK_SCHEME + target


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
    escape means what it means there), but inert: raw HTML shown as text, unsafe links
    dropped; set as the rest of the book is, with curly quotes and real dashes (``smarty``)."""
    return inert_markdown("tables", "pymdownx.escapeall", "smarty")


def definition_html(glossary: Glossary, term: Term) -> str:
    """The definition as HTML, its ``[[links]]`` and first mentions of other terms linked
    within the book, as the site links them to their pages."""
    linked = link_terms(glossary, term.definition, lambda slug: f"#{term_id(slug)}", own=term, mention=link)
    # The sanitiser keeps only links it knows to be safe, a fragment among them; past it,
    # fragments become the book's own links, which may lead into another chunk.
    return str(_converter().reset().convert(linked)).replace('href="#', f'href="{BOOK_LINK_SCHEME}')


def _verbatim(text: str, *, ends: bool = True) -> Markup:
    """Source text as HTML with the line breaks the site shows; when it ``ends`` a
    paragraph, its last two words kept on one line (:func:`_no_runt`)."""
    lines = [html.escape(line, quote=False) for line in source_lines(text)]
    if ends and lines:
        lines[-1] = _no_runt(lines[-1])
    return Markup("<br>\n".join(lines))


def _no_runt(line: str) -> str:
    """An HTML line of text with its last two words in a span that does not wrap, so that a
    paragraph's last line never holds one word alone; the space between them stays a space,
    as the source has it (text copied from the book is the source's). Two words too long
    to fit a narrow line together, or a line of two words, are left as they are."""
    last = _LAST_WORDS.search(line)
    if last is None or last.start() == 0 or len(html.unescape(last.group(1))) > _LAST_WORDS_CHARS:
        return line
    return f'{line[:last.start()]}<span class="last-words">{last.group(1)}</span>{line[last.end(1):]}'


def _passage_pieces(source: Source, block: Block, quotes: list[tuple[Term, Quote]]) -> Iterator[tuple[Markup, bool]]:
    """A passage cut where any quote starts or ends, as on the site (quotes may overlap, and
    one may run on into the next passage): each piece and whether a quote covers it."""
    pieces = [(source.text.text[start:end], bool(covering))
              for start, end, covering in quoted_segments(block, (quote for _, quote in quotes))]
    last = max((index for index, (text, _) in enumerate(pieces) if text.strip()), default=-1)
    for index, (text, marked) in enumerate(pieces):
        yield _verbatim(text, ends=index == last), marked


def _quoting_terms(quotes: list[tuple[Term, Quote]]) -> list[Term]:
    """The terms that quote a passage, each once, in the order of their quotes."""
    return list({term.slug: term for term, _ in quotes}.values())


_SMARTY = {'"': ("\u201c", "\u201d"), "'": ("\u2018", "\u2019")}


def typeset(text: str) -> str:
    """Editors' plain text (summaries, notes) with curly quotes, as ``smarty`` sets definitions:
    a quote mark opens after a space or an opening bracket (or at the start), and closes
    elsewhere, so an apostrophe is a closing single quote. Quotes from sources never pass here."""
    out = []
    for index, char in enumerate(text):
        marks = _SMARTY.get(char)
        if marks is None:
            out.append(char)
            continue
        before = text[index - 1] if index else " "
        out.append(marks[0] if before.isspace() or before in "([{\u2014\u2013" else marks[1])
    return "".join(out)
