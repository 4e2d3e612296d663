"""The PDF book: the real glossary laid out once, then read back with pypdf."""

from __future__ import annotations

import builtins
import functools
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import Destination
from weasyprint import HTML

from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.project import Project
from mesa_glossary.publish import pdf
from mesa_glossary.publish.pdf import ChunkDocument, PdfSummary, _lay_out_chunks, lay_out_chunk, write_pdf
from mesa_glossary.render.book import GIVES, book_chunks, book_html, page_slot, page_slots
from tests.support.projects import OPTIMIZER, REPO, ProjectMaker

BUILT = date(2026, 11, 22)
#: Hyphenation breaks words with U+2010 (or a soft hyphen); editors' hyphens may end a line too.
_NOT_COMPARED = re.compile(r"[\s\-\u2010\u00ad]+")


#: The book sets editors' straight quotes curly (render.book.typeset).
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalised(text: str) -> str:
    """Text as compared with what pypdf extracts: no whitespace, no hyphens, straight quotes."""
    return _NOT_COMPARED.sub("", text).translate(_STRAIGHT)


@dataclass
class Book:
    glossary: Glossary
    path: Path
    summary: PdfSummary
    reader: PdfReader
    texts: list[str]
    progress: list[str]
    warnings: list[str]

    def page_text(self, index: int) -> str:
        return normalised(self.texts[index])

    def destination_page(self, name: str) -> int:
        return self.reader.get_destination_page_number(self.reader.named_destinations[name])

    def links(self, page_index: int) -> Iterator[str]:
        """The named destinations of the internal links on a page."""
        for annotation in self.reader.pages[page_index].get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                yield str(annotation["/Dest"])


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


#: Short chunks, so that the real glossary's book is joined from a dozen: every test
#: here then also checks what crosses from one chunk to another.
SHORT_CHUNK_PAGES = 10.0


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The real glossary as a PDF, laid out once for every test here, in short chunks."""
    glossary = pipeline.check(Project.at(REPO))
    path = tmp_path_factory.mktemp("pdf") / "glossary.pdf"
    progress: list[str] = []
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        summary = write_pdf(glossary, path, built=BUILT, progress=progress.append, chunk_pages=SHORT_CHUNK_PAGES)
    finally:
        logger.removeHandler(collect)
    reader = PdfReader(path)
    return Book(glossary, path, summary, reader, [page.extract_text() for page in reader.pages],
                progress, collect.messages)


def outline_pages(book: Book) -> dict[str, dict[str, int]]:
    """Each top-level bookmark's children by title, with their (0-based) pages."""
    parts: dict[str, dict[str, int]] = {}
    last = ""
    for item in book.reader.outline:
        if isinstance(item, Destination):
            last = str(item.title)
            parts[last] = {}
        else:
            parts[last] = {str(child.title): book.reader.get_destination_page_number(child) for child in item}
    return parts


def term_pages(book: Book) -> dict[str, int]:
    return outline_pages(book)["Terms"]


def test_summary_and_progress(book: Book) -> None:
    assert book.summary.pages == len(book.reader.pages) > 50
    assert book.summary.bytes == book.path.stat().st_size
    counts = f"{len(book.glossary.terms)} terms and {len(book.glossary.sources)} sources"
    assert re.fullmatch(f"pdf: laying out {counts} in \\d+ chunks…", book.progress[0])
    assert re.fullmatch(r"pdf: \d+ pages laid out in \d+\.\d s \(\d rounds?, \d+ chunks? laid out, \d+ from the cache\)",
                        book.progress[1])
    assert book.progress[2].startswith("pdf: wrote ") and book.progress[2].endswith(("kB)", "MB)"))
    assert not list(book.path.parent.glob(".*.tmp")), "the temporary file was renamed into place"


def test_layout_engine_understood_everything(book: Book) -> None:
    """No CSS WeasyPrint ignores, and no resource it tried to fetch."""
    assert book.warnings == []


def test_outline_nests_every_term_and_source(book: Book) -> None:
    titles = [str(item.title) for item in book.reader.outline if isinstance(item, Destination)]
    assert titles == ["Contents", "Preface", "Start here", "Terms", "Sources", "Families of terms", "Index of aliases"]
    parts = outline_pages(book)
    assert set(parts["Terms"]) == {term.name for term in book.glossary.terms.values()}
    assert set(parts["Sources"]) == {source.title for source in book.glossary.sources.values()}
    assert parts["Contents"] == {} and parts["Families of terms"] == {} and parts["Index of aliases"] == {}


def test_every_term_heading_and_summary_stand_on_its_bookmarked_page(book: Book) -> None:
    for term in book.glossary.terms.values():
        text = book.page_text(term_pages(book)[term.name])
        # The head (name, aliases, tags, summary) never breaks across pages.
        assert normalised(term.name) in text and normalised(term.short) in text, term.name


def test_contents_links_lead_to_each_terms_page(book: Book) -> None:
    pages = term_pages(book)
    contents = [name for index in (1, 2) for name in book.links(index)]
    for term in book.glossary.sorted_terms():
        assert f"term-{term.slug}" in contents
        assert book.destination_page(f"term-{term.slug}") == pages[term.name]
    printed = book.page_text(1) + book.page_text(2)
    for term in book.glossary.sorted_terms()[:10]:
        assert re.search(re.escape(normalised(term.name)) + r"\.+" + str(pages[term.name] + 1), printed), term.name


def _with_relations_and_quotes(glossary: Glossary) -> list[Term]:
    return [term for term in glossary.sorted_terms() if term.quotes and (term.broader or glossary.related_to(term))][:6]


def test_relation_and_passage_links_land_on_their_targets(book: Book) -> None:
    pages = term_pages(book)
    for term in _with_relations_and_quotes(book.glossary):
        page = pages[term.name]
        links = set(book.links(page)) | set(book.links(page + 1))
        other = book.glossary.terms[term.broader[0]] if term.broader else book.glossary.related_to(term)[0]
        assert f"term-{other.slug}" in links
        target = book.destination_page(f"term-{other.slug}")
        assert normalised(other.short) in book.page_text(target)
        quote = term.quotes[0]
        passage = f"passage-{quote.source.id}-{quote.anchor}"
        assert passage in links
        # The quote may begin further down a passage that runs on to the next page.
        page = book.destination_page(passage)
        assert normalised(quote.text)[:60] in book.page_text(page) + book.page_text(page + 1)


def test_printed_page_numbers_of_relations_are_right(book: Book) -> None:
    pages = term_pages(book)
    text = "".join(book.page_text(index) for index in range(len(book.texts)))
    checked = 0
    for term in book.glossary.terms.values():
        others = [*term.broader, *term.narrower, *(other.slug for other in book.glossary.related_to(term))]
        for slug in others:
            name = book.glossary.terms[slug].name
            found = re.findall(r"(?:Related|Broader|Narrower|;)" + re.escape(normalised(name)) + r"\(seepage(\d+)\)",
                               text)
            assert found, name
            assert {int(number) for number in found} == {pages[name] + 1}, name
            checked += 1
    assert checked > 100


def test_every_quote_and_title_is_extractable(book: Book) -> None:
    text = "".join(book.page_text(index) for index in range(len(book.texts)))
    for term in book.glossary.terms.values():
        for quote in term.quotes:
            assert normalised(quote.text) in text, quote.text[:60]


def test_metadata(book: Book) -> None:
    info = book.reader.metadata
    site = book.glossary.site
    assert info.title == site.title
    assert info.author == site.publisher
    assert info.subject == site.description
    keywords = {keyword.strip() for keyword in str(info["/Keywords"]).split(",")}
    assert keywords == {tag for term in book.glossary.terms.values() for tag in term.tags}
    assert str(info["/CreationDate"]).startswith("D:20261122")


def _fonts(resources: Any) -> Iterator[Any]:
    for font in (resources or {}).get("/Font", {}).values():
        font = font.get_object()
        yield font
        for descendant in font.get("/DescendantFonts", []):
            yield descendant.get_object()


def test_fonts_are_embedded(book: Book) -> None:
    seen = set()
    for page in book.reader.pages:
        for font in _fonts(page.get("/Resources")):
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                continue  # described by its descendant
            assert descriptor is not None, font.get("/BaseFont")
            descriptor = descriptor.get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font.get("/BaseFont")
            seen.add(str(font.get("/BaseFont")).split("+")[-1])
    assert {"DejaVu-Serif", "DejaVu-Sans", "DejaVu-Sans-Bold"} <= seen


def _page_size(path: Path) -> tuple[float, float]:
    box = PdfReader(path).pages[0].mediabox
    return float(box.width), float(box.height)


def test_a4_and_letter(book: Book, maker: ProjectMaker, tmp_path: Path) -> None:
    assert _page_size(book.path) == pytest.approx((595, 842), abs=1)
    letter = tmp_path / "letter.pdf"
    write_pdf(pipeline.check(maker.project), letter, paper="letter", built=BUILT)
    assert _page_size(letter) == pytest.approx((612, 792), abs=1)
    with pytest.raises(ValueError, match="unknown paper 'a5'"):
        book_html(book.glossary, paper="a5", built=BUILT)


def test_missing_system_library_is_a_tool_error(maker: ProjectMaker, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def without_pango(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0': no such file")
        return real_import(name, *args, **kwargs)

    out = tmp_path / "glossary.pdf"
    out.write_bytes(b"%PDF-1.7 the last good book")
    glossary = pipeline.check(maker.project)
    monkeypatch.setattr(builtins, "__import__", without_pango)
    with pytest.raises(ToolError) as raised:
        write_pdf(glossary, out, built=BUILT)
    assert str(raised.value) == (
        "pdf: error: WeasyPrint cannot load its system libraries (Pango): cannot load library "
        "'libpango-1.0-0': no such file; 'make site' installs them on Debian (apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra fonts-liberation)")
    assert out.read_bytes() == b"%PDF-1.7 the last good book"


def test_html_in_a_definition_is_shown_not_run(maker: ProjectMaker) -> None:
    maker.term("optimizer", OPTIMIZER.replace("Anything that searches.",
                                              "'Anything that searches: <script>alert(1)</script> and <b>x</b>.'"))
    glossary = pipeline.check(maker.project)
    html = book_html(glossary, built=BUILT)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_small_book_structure(maker: ProjectMaker) -> None:
    """Ids, marks and page references of a glossary small enough to read whole."""
    html = book_html(pipeline.check(maker.project), built=BUILT)
    assert "Built 22 November 2026" in html
    assert "3 terms · 2 quotes · 1 source" in html
    assert '<h2 id="term-mesa-optimizer">Mesa-optimizer</h2>' in html
    # [[base-optimizer]] in a definition links within the book.
    assert '<a href="mesa-glossary-book:term-base-optimizer">base optimizer</a>' in html
    # The quote spans a line break of the source; its passage is marked, with the term quoting it.
    assert "<mark>When the learned algorithm is also an optimizer,   we call it<br>\na mesa-optimizer.</mark>" in html
    slot = '<span class="page-number" data-page="term-mesa-optimizer">00</span>'
    assert f'quoted in: <a href="mesa-glossary-book:term-mesa-optimizer">Mesa-optimizer\u00a0(p.\u00a0{slot})</a>' in html
    # Source text stays verbatim: its markup is shown.
    assert 'Costs are $5 and *stars* <span class="last-words">and_under &lt;b&gt;bold&lt;/b&gt;.</span>' in html
    assert f'<i>mesa optimizer</i> <a href="mesa-glossary-book:term-mesa-optimizer">→\u00a0Mesa-optimizer,\u00a0page\u00a0{slot}' in html


def test_page_numbers_are_laid_out_as_wide_as_the_last_layout_found_them(maker: ProjectMaker) -> None:
    """A page number is zeros as wide as its page was in the last layout (the join sets the
    number); an unknown one is as wide as the placeholder."""
    glossary = pipeline.check(maker.project)
    html = book_html(glossary, built=BUILT, page_numbers={"term-optimizer": 7, "term-base-optimizer": 123})
    assert ('<a class="see" href="mesa-glossary-book:term-optimizer">see page '
            '<span class="page-number" data-page="term-optimizer">0</span></a>') in html
    assert ('<a href="mesa-glossary-book:term-mesa-optimizer">Mesa-optimizer<span class="toc-page">'
            '<span class="page-number" data-page="term-mesa-optimizer">00</span></span></a>') in html
    slots = page_slots(html)
    assert ("term-optimizer", 1) in slots and ("term-base-optimizer", 3) in slots and ("term-mesa-optimizer", 2) in slots
    assert len(slots) == html.count('class="page-number"')


def test_the_book_is_joined_from_many_chunks(book: Book) -> None:
    chunks = int(re.search(r"in (\d+) chunks", book.progress[0]).group(1))  # type: ignore[union-attr]
    assert chunks >= 8
    # Page numbers run on from chunk to chunk: each page's footer is its place in the book.
    for index in range(1, len(book.texts)):  # the cover has none
        assert book.texts[index].rstrip().endswith(str(index + 1)), index + 1


def test_tagged_pdf_ua(book: Book) -> None:
    """PDF/UA-1's markers, and a structure tree whose keys tie every page and link to it."""
    with pikepdf.open(book.path) as pdf:
        assert pdf.check_pdf_syntax() == []
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(root.Lang) == "en"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title") == book.glossary.site.title
        tree = root.StructTreeRoot
        document = tree.K[0]
        assert len(tree.K) == 1
        assert str(document.S) == "/Document"
        assert all(kid.P.objgen == document.objgen for kid in document.K)
        parents = dict(pikepdf.NumberTree(tree.ParentTree).items())
        assert len(tree.ParentTree.Kids) > 1, "a leaf a chunk"
        assert int(tree.ParentTreeNextKey) == max(parents) + 1
        links = 0
        for page in pdf.pages:
            elements = parents[int(page.StructParents)]
            assert all(element.Pg.objgen == page.obj.objgen for element in elements)
            for annotation in page.obj.get("/Annots", []):
                # The link's element, or (as WeasyPrint tags a link holding other inline
                # elements) an element within it.
                element, kinds = parents[int(annotation.StructParent)], []
                while element.objgen != document.objgen:
                    kinds.append(str(element.S))
                    element = element.P
                assert "/Link" in kinds, kinds
                links += 1
        assert links > 1000


def test_each_running_head_names_one_part(book: Book) -> None:
    """A part that opens in a chunk continuing another one (the index after the sources)
    names only itself at the top of its pages."""
    parts = ["Contents", "Terms", "Sources", "Families of terms", "Index of aliases"]
    for index, text in enumerate(book.texts):
        for first in parts:
            assert not any(first + second in text for second in parts), (index + 1, first)


def test_no_word_is_hyphenated_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """A word the layout hyphenates at a page's foot is laid out again whole."""
    text = ("the internationalization of representational interpretability characteristically "
            "demonstrates counterintuitive generalization ") * 13
    html = (f'<html lang="en"><head><title>Hyphens</title><style>@page {{ size: 70mm 45mm; margin: 4mm }} '
            f'p {{ hyphens: auto; hyphenate-character: "-"; text-align: justify; font: 9pt "DejaVu Serif"; '
            f'orphans: 1; widows: 1 }} .whole-word {{ hyphens: manual }}</style></head><body><p>{text}</p></body></html>')

    def feet(path: Path) -> list[str]:
        return [page.extract_text().rstrip() for page in PdfReader(path).pages[:-1]]

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(HTML(string=html).write_pdf())
    assert any(re.search(r"\w-$", foot) for foot in feet(plain)), "the text is hyphenated at some page's foot"
    laid_out = tmp_path / "laid-out.pdf"
    lay_out_chunk(html, laid_out)
    assert not any(re.search(r"\w-$", foot) for foot in feet(laid_out))
    assert normalised(text) == normalised("".join(page.extract_text() for page in PdfReader(laid_out).pages))


def test_text_layer_reads_as_written(book: Book) -> None:
    """Search and copy get words whole: no U+2010 hyphens left in the text, labels not
    letter-spaced, and every tag as it is spelt."""
    text = "\n".join(book.texts)
    assert "\u2010" not in text
    assert not re.search(r"\b(?:[A-Za-z] ){3,}", text)
    for tag in book.glossary.tags:
        assert re.search(rf"\b{re.escape(tag)}\b", text), tag


def test_reading_order_opens_with_a_preface_and_the_path(book: Book) -> None:
    parts = [str(item.title) for item in book.reader.outline if isinstance(item, Destination)]
    assert parts.index("Preface") < parts.index("Start here") < parts.index("Terms")
    path = [book.glossary.terms[slug] for slug in book.glossary.site.start_here]
    start = book.destination_page("start-here")
    printed = book.page_text(start)
    for term in path:
        number = book.destination_page(f"term-{term.slug}") + 1
        assert normalised(f"{term.name}, page {number}") in printed, term.name
    # The map of the path: a figure whose alternative text names the terms.
    with pikepdf.open(book.path) as pdf:
        figures = [element for element in _elements(pdf.Root.StructTreeRoot.K[0]) if element.get("/S") == "/Figure"]
    assert len(figures) == 1
    assert all(term.name in str(figures[0].Alt) for term in path)


def _elements(element: Any) -> Iterator[Any]:
    yield element
    for kid in element.get("/K", []) if isinstance(element.get("/K"), pikepdf.Array) else [element.get("/K")]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
            yield from _elements(kid)


def test_a_rebuild_lays_out_only_the_chunks_that_changed(maker: ProjectMaker, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    out = tmp_path / "book.pdf"
    first = write_pdf(pipeline.check(maker.project), out, built=BUILT, cache_dir=cache, chunk_pages=1.0)
    chunks = len(book_chunks(pipeline.check(maker.project), chunk_pages=1.0))
    assert chunks >= 4 and first.layouts >= chunks, "the small book is cut into several chunks"
    again = write_pdf(pipeline.check(maker.project), out, built=BUILT, cache_dir=cache, chunk_pages=1.0)
    assert again.layouts == 0 and again.pages == first.pages
    maker.term("optimizer", OPTIMIZER.replace("Anything that searches.", "Anything that looks."))
    edited = write_pdf(pipeline.check(maker.project), out, built=BUILT, cache_dir=cache, chunk_pages=1.0)
    assert edited.layouts == 1
    assert "Anythingthatlooks." in "".join(normalised(page.extract_text()) for page in PdfReader(out).pages)
    # A chunk some pages longer moves every page after it, and lays out again only the
    # chunks where a page number has a digit more (the join sets the numbers)...
    def longer(paragraphs: int) -> PdfSummary:
        text = "\n\n".join(["  " + "Anything that looks. " * 100] * paragraphs)
        maker.term("optimizer", OPTIMIZER.replace("Anything that searches.", f"|\n{text}"))
        return write_pdf(pipeline.check(maker.project), out, built=BUILT, cache_dir=cache, chunk_pages=1.0)

    assert longer(7).pages > 10 > edited.pages - 1
    # ...and no other while the numbers keep their widths.
    summary = longer(12)
    assert summary.layouts == 1 and summary.pages >= 13
    reader = PdfReader(out)
    texts = [page.extract_text() for page in reader.pages]
    for index in range(1, len(texts)):
        assert texts[index].rstrip().endswith(str(index + 1)), index + 1
    pages = {name: reader.get_destination_page_number(reader.named_destinations[name]) + 1
             for name in ("aliases", "sources", "term-optimizer")}
    assert pages["term-optimizer"] < 10 < pages["sources"] < pages["aliases"]
    contents = normalised("".join(texts[1:4])).replace(".", "")
    assert f"Sources{pages['sources']}" in contents and f"Indexofaliases{pages['aliases']}" in contents


def test_chunks_are_made_as_layout_processes_free_up(tmp_path: Path) -> None:
    """The parent never holds the whole book's HTML: a chunk is asked for only when few
    enough are waiting, so memory does not grow with the book."""
    page = ('<html lang="en"><head><title>Chunk {0}</title><style>@page {{ size: 60mm 40mm; margin: 5mm }}</style></head>'
            '<body><p id="chunk-{0}">Chunk {0}.</p></body></html>')
    ahead: list[int] = []

    def made(number: int, given: int) -> str:
        ahead.append(number - len(list(tmp_path.glob("*.json"))))  # asked for, less those laid out
        return page.format(number)

    documents = [ChunkDocument(functools.partial(made, number)) for number in range(10)]
    layouts, laid_out = _lay_out_chunks(documents, tmp_path, 1)
    assert laid_out == 10 and [layout.anchors for layout in layouts] == [{f"chunk-{n}": 0} for n in range(10)]
    assert max(ahead) <= 2, f"with one layout process, at most two chunks wait for it: {ahead}"


#: A list in two columns on small pages, as the contents and the index are set: each line
#: has an id (to find its page) and a page number (as the book's lines print one).
_LINES_PAGE = ('<html lang="en"><head><title>Lines</title><style>@page {{ size: 60mm 40mm; margin: 4mm }}'
               'ul {{ columns: 2; margin: 0; padding: 0; list-style: none }} li {{ break-inside: avoid }}'
               '</style></head><body>{0}<ul {1}>{2}</ul>{3}</body></html>')


def _lines_chunk(lines: range, *, gives: bool, before: str = "", after: str = "") -> str:
    items = "".join(f'<li id="line-{n}">Line {n}, page {page_slot(f"line-{n}", "0")}</li>' for n in lines)
    return _LINES_PAGE.format(before, GIVES if gives else "", items, after)


def test_a_chunk_cut_through_a_list_gives_its_last_page_to_the_next(tmp_path: Path) -> None:
    """A chunk that ends inside the contents or the index would leave its last page
    part-filled, its columns balanced halfway down: it drops that page, and the next
    chunk starts with its lines. Every page but the last is then full, and each line is
    laid out once, with its page number."""
    cuts = [0, 23, 61, 70, 111, 140]  # none a whole number of pages: a page holds six lines
    chunks = len(cuts) - 1
    asked: list[tuple[int, int]] = []

    def made(number: int, given: int) -> str:
        asked.append((number, given))
        lines = range(cuts[number] - given, cuts[number + 1])
        return _lines_chunk(lines, gives=number < chunks - 1, before="<h1>Lines</h1>" if number == 0 else "",
                           after="<p>The end.</p>" if number == chunks - 1 else "")

    documents = [ChunkDocument(functools.partial(made, number), takes=number > 0) for number in range(chunks)]
    layouts, laid_out = _lay_out_chunks(documents, tmp_path, 2)
    assert laid_out == chunks and sum(layout.gave for layout in layouts) > 0
    pages: dict[int, list[int]] = {}
    start = 0
    for layout in layouts:
        assert len(layout.slots) == len(layout.anchors), "the lines given away are not counted as printed here"
        for anchor, page in layout.anchors.items():
            pages.setdefault(start + page, []).append(int(anchor.removeprefix("line-")))
        start += layout.pages
    assert sorted(line for lines in pages.values() for line in lines) == list(range(cuts[-1])), "each line once"
    full = len(pages[1])
    assert [len(pages[page]) for page in range(1, start - 1)] == [full] * (start - 2), pages
    # The layouts are cached with the lines they gave: the same chunks are made again.
    again, laid_out = _lay_out_chunks(documents, tmp_path, 2)
    assert laid_out == 0 and again == layouts and sorted(asked[:chunks]) == sorted(asked[chunks:])


def test_a_run_of_chunks_that_take_from_the_one_before_is_started_first(tmp_path: Path) -> None:
    """The index closes the book: were its chunks, each waiting for the one before, laid
    out in the book's order, they would be laid out one at a time after all the others."""
    asked: list[int] = []

    def made(number: int, given: int) -> str:
        asked.append(number)
        lines = range(number * 20 - given, number * 20 + 20)
        return _lines_chunk(lines, gives=number in (3, 4))

    documents = [ChunkDocument(functools.partial(made, number), takes=number in (4, 5)) for number in range(6)]
    _lay_out_chunks(documents, tmp_path, 1)
    assert asked[:2] == [3, 0], asked
    assert asked.index(4) < asked.index(2) and sorted(asked) == list(range(6)), asked


def test_layout_processes_start_without_what_this_process_holds(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A layout process is forked from a server with WeasyPrint loaded: not from this
    process, whose glossary and modules it would start with (its memory would grow with
    the glossary)."""
    contexts: list[Any] = []

    class Recording(ProcessPoolExecutor):
        def __init__(self, workers: int, *, mp_context: Any) -> None:
            contexts.append(mp_context)
            super().__init__(workers, mp_context=mp_context)

    monkeypatch.setattr(pdf, "ProcessPoolExecutor", Recording)
    page = '<html lang="en"><head><title>One</title></head><body><p id="one">One.</p></body></html>'
    _lay_out_chunks([ChunkDocument(lambda _: page)], tmp_path, 1)
    [context] = contexts
    assert "mesa_glossary.load.validate" in sys.modules
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        loaded = pool.submit(eval, "sorted(__import__('sys').modules)").result()
    assert "weasyprint" in loaded and "mesa_glossary.load.validate" not in loaded


def test_a_module_in_the_working_folder_is_not_imported_by_layout_processes(tmp_path: Path) -> None:
    """The fork server starts with ``python -c``, which would put the working folder (a
    glossary project) first on its module path: a ``weasyprint.py`` there would run."""
    (tmp_path / "weasyprint.py").write_text("open('ran', 'w').close()\n", encoding="utf-8")
    probe = ("from concurrent.futures import ProcessPoolExecutor\n"
             "from mesa_glossary.publish.pdf import _layout_context\n"
             "if __name__ == '__main__':\n"
             "    with ProcessPoolExecutor(1, mp_context=_layout_context()) as pool:\n"
             "        print(pool.submit(eval, '__import__(\"weasyprint\").__file__').result())\n")
    (tmp_path / "probe.py").write_text(probe, encoding="utf-8")
    shown = subprocess.run([sys.executable, "probe.py"], cwd=tmp_path, capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")}).stdout
    assert shown.strip().endswith("__init__.py") and str(tmp_path) not in shown
    assert not (tmp_path / "ran").exists()
