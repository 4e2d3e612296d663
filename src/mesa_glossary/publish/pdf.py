"""The glossary as one PDF book: laid out chunk by chunk by WeasyPrint, joined as it is written.

The book (:mod:`mesa_glossary.render.book`) comes in chunks of some thirty pages. Each is
laid out in a process of its own (one per core, started with only WeasyPrint loaded), so
time and memory per page stay flat however large the glossary. The parent never holds a
layout, nor more than a few chunks' HTML: it makes each chunk's as a process is free for
it, and joins the laid-out chunks one at a time (:mod:`mesa_glossary.publish.pdf_join`).
A chunk's layout is cached by the hash of its HTML, so a rebuild lays out again only the
chunks whose text changed.

A chunk's layout does not depend on the pages of the others: each page number is laid
out as zeros as wide as the number, and the join sets the numbers (the footers' too).
The widths come from where the last build put each anchor, so a build almost always
takes one round; a cold build first measures the chunks, then writes them. A chunk cut
through the contents or the index drops its last page, and the next chunk is made with
that page's lines (:data:`~mesa_glossary.render.book.GIVES`): it waits for the one before,
while the chunks that do not are laid out.

The chunks are tagged PDF/UA-1, and joining them keeps that: their structure trees are
put under one document element, with the keys that tie pages and links to them
renumbered; links between chunks (written ``mesa-glossary-book:<id>``) become links to
named destinations; the bookmarks are made from the book's outline.

WeasyPrint needs Pango and fonts from the system, so it is imported only when a PDF is
asked for: every other command works without them, and a missing library is reported
as what it is rather than as a traceback. Nothing is fetched while laying out: the
book's HTML carries its stylesheet and refers to no other resource.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from mesa_glossary.core.diagnostics import ToolError, counted, display_path
from mesa_glossary.core.files import file_kind, replace_file, replacing_file
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import PDF_FILE
from mesa_glossary.publish.pdf_join import JoinedChunk, join_chunks
from mesa_glossary.render.book import (
    CHUNK_PAGES,
    GIVES,
    book_chunks,
    book_html,
    carried_into,
    digits_html,
    outline,
    page_slots,
    page_slots_within,
    paper_size,
    start_here,
)
from mesa_glossary.render.conceptmap import book_map_svg

SYSTEM_LIBRARIES_HINT = ("'make site' installs them on Debian (apt-get install libpango-1.0-0 "
                         "libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra fonts-liberation)")
#: Rounds of layout tried before giving up on page numbers whose widths keep changing: a
#: cold build takes two (one measures), a rebuild almost always one.
MAX_LAYOUTS = 4
#: How every PDF file starts: what marks a file ``pdf -o`` may replace.
PDF_SIGNATURE = b"%PDF-"
#: Tagged PDF for screen readers and reflow (WeasyPrint's ``pdf_variant``).
PDF_VARIANT = "pdf/ua-1"
#: Layouts tried again, at most, to carry a word hyphenated at the foot of a page whole (rare).
_REHYPHENATIONS = 2
#: Bumped when what a cached chunk holds changes meaning.
_CACHE_FORMAT = "4"


class _Laid(NamedTuple):
    """What laying out a chunk gives (see :func:`lay_out_chunk`)."""

    pages: int
    #: Each anchor's page in the chunk (0-based).
    anchors: dict[str, int]
    warnings: list[str]
    #: The lines its last page gave to the next chunk, and the page numbers they print.
    gave: int = 0
    gave_slots: int = 0


@dataclass(frozen=True)
class ChunkDocument:
    """How one chunk's HTML is made, when a layout process is free for it: from the lines
    the chunk before gave (none when it ``takes`` none, see
    :data:`~mesa_glossary.render.book.GIVES`), which are known once that one is laid out."""

    html: Callable[[int], str]
    takes: bool = False


@dataclass(frozen=True)
class PdfSummary:
    path: Path
    pages: int
    bytes: int
    seconds: float
    #: Chunks laid out (the rest came from the cache), over all rounds.
    layouts: int = 0


@dataclass(frozen=True)
class ChunkLayout:
    """One laid-out chunk: its PDF in the cache (none when only measured), its page count,
    each anchor's page in it (0-based), and the page numbers its HTML prints (see
    :func:`~mesa_glossary.render.book.page_slots`)."""

    pdf: Path | None
    pages: int
    anchors: dict[str, int]
    slots: tuple[tuple[str, int], ...] = ()
    #: The lines of its last page, dropped from it, that the next chunk starts with.
    gave: int = 0


def write_pdf(glossary: Glossary, out: Path, *, paper: str = "a4", built: date | None = None,
              progress: Callable[[str], None] | None = None, cache_dir: Path | None = None,
              processes: int | None = None, chunk_pages: float = CHUNK_PAGES) -> PdfSummary:
    """Lay out the book and write it to ``out``; the old file stays until the new one is complete.

    ``cache_dir`` keeps the chunks' layouts and the page of every anchor from the last
    build (without it, a temporary folder serves this build only). ``processes`` caps
    the layouts run at once (by default one per core this process may use);
    ``chunk_pages`` is about how many pages each chunk holds.
    """
    report = progress or (lambda line: None)
    started = time.perf_counter()
    day = built or date.today()
    paper_size(paper)  # an unknown paper is a mistake to report before loading WeasyPrint
    _check_replaceable(out)
    _weasyprint()
    chunks = book_chunks(glossary, chunk_pages=chunk_pages)
    report(f"pdf: laying out {counted(len(glossary.terms), 'term')} and {counted(len(glossary.sources), 'source')} "
           f"in {counted(len(chunks), 'chunk')}…")
    map_svg = book_map_svg(start_here(glossary), cache_dir / "book-map" if cache_dir else None)
    workers = processes or len(os.sched_getaffinity(0))
    with _layout_folder(cache_dir, paper) as folder:
        remembered = folder / "pages.json"
        # A page number not known yet is laid out as wide as the book's are likely to be.
        unknown = "0" * len(str(round(chunk_pages * len(chunks))))

        def documents(numbers: dict[str, int]) -> list[ChunkDocument]:
            def html(index: int, given: int) -> str:
                chunk = carried_into(chunks[index], chunks[index - 1], given) if given else chunks[index]
                return book_html(glossary, paper=paper, built=day, page_numbers=numbers, chunk=chunk,
                                 unknown_page=unknown, map_svg=map_svg if "preface" in chunk.kinds else "")

            return [ChunkDocument(functools.partial(html, index), chunk.takes) for index, chunk in enumerate(chunks)]

        layouts, numbers, rounds, laid_out = _converge(documents, _remembered(remembered), folder, workers)
        replace_file(remembered, json.dumps({"numbers": numbers}).encode("utf-8"))
        [digits], _ = _lay_out_chunks([ChunkDocument(lambda _: digits_html(paper))], folder, 1)
        pages = sum(layout.pages for layout in layouts)
        report(f"pdf: {pages} pages laid out in {time.perf_counter() - started:.1f} s "
               f"({counted(rounds, 'round')}, {counted(laid_out, 'chunk')} laid out, "
               f"{len(chunks) * rounds - laid_out} from the cache)")
        starts = _starts(layouts)
        joined = [JoinedChunk(_written(layout), start, len(layout.slots))
                  for layout, start in zip(layouts, starts, strict=True)]
        with replacing_file(out) as book:
            join_chunks(joined, numbers, _written(digits), outline(glossary), book)
        _prune(folder, {_written(layout) for layout in [*layouts, digits]})
    size = out.stat().st_size
    report(f"pdf: wrote {out.name} ({_size(size)})")
    return PdfSummary(out, pages, size, time.perf_counter() - started, laid_out)


def _converge(documents: Callable[[dict[str, int]], Sequence[ChunkDocument]], numbers: dict[str, int], folder: Path,
              workers: int) -> tuple[list[ChunkLayout], dict[str, int], int, int]:
    """Lay out the chunks with each page number as wide as the page it will print: the
    layouts, each anchor's page in the book, the rounds taken and the chunks laid out (not
    taken from the cache).

    A page number's width is all that its page changes in a layout (the joining sets the
    number), so the last build's pages give one almost always: a build lays out only the
    chunks whose text changed, and those with a number that now has a digit more or less.
    With no pages remembered, the first round only measures: chunks are laid out but not
    written as PDF, which saves a third of that round.
    """
    laid_out = 0
    for rounds in range(1, MAX_LAYOUTS + 1):
        measuring = rounds == 1 and not numbers
        layouts, fresh = _lay_out_chunks(documents(numbers), folder, workers, write=not measuring)
        laid_out += fresh
        found = _numbers(layouts)
        if not measuring and all(_widths_fit(layout.slots, found) for layout in layouts):
            return layouts, found, rounds, laid_out
        numbers = found
    raise ToolError(f"pdf: error: the page numbers still changed width after {MAX_LAYOUTS} layouts; "
                    "a page number that changes width keeps moving its own target")


def _widths_fit(slots: Iterable[tuple[str, int]], numbers: Mapping[str, int]) -> bool:
    """Whether every page number a chunk prints (its ``slots``) was laid out as wide as its page is."""
    for target, width in slots:
        if target not in numbers:
            raise ToolError(f"pdf: error: the book refers to {target!r}, which no chunk holds")
        if len(str(numbers[target])) != width:
            return False
    return True


@contextmanager
def _layout_folder(cache_dir: Path | None, paper: str) -> Iterator[Path]:
    """Where the chunks' layouts are kept: the project's cache, or a folder for this build."""
    if cache_dir is not None:
        folder = cache_dir / f"pdf-{paper}"
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="mesa-glossary-pdf-") as temporary:
        yield Path(temporary)


def _starts(layouts: Sequence[ChunkLayout]) -> list[int]:
    """The book's page (1-based) each chunk starts on."""
    return list(itertools.accumulate((layout.pages for layout in layouts[:-1]), initial=1))


def _numbers(layouts: Sequence[ChunkLayout]) -> dict[str, int]:
    """Each anchor's page in the whole book (1-based)."""
    return {anchor: first + index for layout, first in zip(layouts, _starts(layouts), strict=True)
            for anchor, index in layout.anchors.items()}


def _lay_out_chunks(documents: Sequence[ChunkDocument], folder: Path, workers: int, *,
                    write: bool = True) -> tuple[list[ChunkLayout], int]:
    """Every chunk's layout, from the cache or laid out now (in parallel); and how many were
    laid out. Without ``write``, only measured: no PDF is written, nothing is cached.

    A chunk's HTML is made only when a layout process is free for it: only the chunks
    being laid out are held, never the whole book's HTML (a copy of every term page), so
    this process's memory does not grow with the book. The chunks go in the book's
    order, but one that takes lines from the chunk before waits for its layout while the
    chunks after it go ahead (see ``next_chunk``).
    """
    layouts: dict[int, ChunkLayout] = {}
    waiting = list(range(len(documents)))
    laid_out = 0
    #: Each chunk being laid out: its place in the book, its cache key and its page numbers.
    running: dict[Future[_Laid], tuple[int, str, tuple[tuple[str, int], ...]]] = {}
    warned: dict[int, list[str]] = {}

    def finish(done: Iterable[Future[_Laid]]) -> None:
        for future in done:
            index, key, slots = running.pop(future)
            laid = future.result()
            layouts[index] = _layout(folder / f"{key}.pdf" if write else None, laid, slots)
            if write:  # measured layouts are laid out again: their warnings come then
                warned[index] = laid.warnings
                record = {"pages": laid.pages, "anchors": laid.anchors, "gave": [laid.gave, laid.gave_slots]}
                replace_file(folder / f"{key}.json", json.dumps(record).encode())

    def given(index: int) -> int | None:
        """The lines the chunk before gave this one; None while that one is being laid out."""
        if index == 0 or not documents[index].takes:
            return 0
        return layouts[index - 1].gave if index - 1 in layouts else None

    def next_chunk() -> int | None:
        """The first chunk whose HTML can be made, one that another waits for first: a run
        of chunks that each take from the one before (the index, at the book's end) then
        goes on beside the rest rather than alone after it, with the other processes idle."""
        ready = [index for index in waiting if given(index) is not None]
        awaited = (index for index in ready if index + 1 < len(documents) and documents[index + 1].takes)
        return next(awaited, ready[0] if ready else None)

    pool: ProcessPoolExecutor | None = None
    try:
        while waiting:
            index = next_chunk()
            if index is None or len(running) >= 2 * workers:  # one waiting for each process, at most
                finish(wait(running, return_when=FIRST_COMPLETED).done)
                continue
            waiting.remove(index)
            document = documents[index].html(given(index) or 0)
            key, slots = _cache_key(document), tuple(page_slots(document))
            cached = _cached_layout(folder, key, slots)
            if cached is not None:
                layouts[index] = cached
                continue
            if pool is None:  # its processes start as chunks come for them
                pool = ProcessPoolExecutor(workers, mp_context=_layout_context())
            future = pool.submit(lay_out_chunk, document, folder / f"{key}.pdf" if write else None)
            running[future] = (index, key, slots)
            laid_out += 1
        finish(wait(running).done)
    except BrokenProcessPool:  # from a result, or from submitting to a pool a process left
        raise ToolError("pdf: error: a layout process stopped before its chunk was laid out (out of memory?); "
                        "try again with fewer at once (mesa-glossary pdf --processes 1)") from None
    finally:
        if pool is not None:  # on an error, the chunks not started yet are not laid out in vain
            pool.shutdown(cancel_futures=True)
        # In the book's order, as one process would give them; also when a later chunk
        # failed, since the chunks laid out are cached and would not warn again.
        for index in sorted(warned):
            for warning in warned[index]:
                logging.getLogger("weasyprint").warning("%s", warning)
    return [layouts[index] for index in range(len(layouts))], laid_out


def _layout(pdf: Path | None, laid: _Laid, slots: tuple[tuple[str, int], ...]) -> ChunkLayout:
    """A chunk's layout, with the page numbers of the lines it gave away left out of its own."""
    return ChunkLayout(pdf, laid.pages, laid.anchors, slots[:len(slots) - laid.gave_slots], laid.gave)


def _layout_context() -> multiprocessing.context.ForkServerContext:
    """How layout processes start: forked from a server process that has loaded WeasyPrint
    and nothing of the glossary. Forked from this one, each would start with all it holds
    (the glossary, the book's HTML), which grows with the glossary: at 3,000 terms a
    layout process peaked at 298 MB, 64 MB more than this one. (A layout process still
    imports this program's modules, as multiprocessing runs its main module again: a
    few megabytes.) The server starts once per process, in about a second, and every
    pool after that forks from it at once.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    # Started with ``python -c``, the server would put the working folder (a glossary
    # project, say) first on its module path, and import a ``weasyprint.py`` found there:
    # ``PYTHONSAFEPATH`` leaves it off. The server is started here to start it so.
    safe = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if safe is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = safe
    return context


def lay_out_chunk(document: str, pdf: Path | None) -> _Laid:
    """Lay out one chunk's HTML into ``pdf`` (in a worker process; only measured without
    one): its pages, each anchor's page (0-based), what WeasyPrint warned of, which the
    parent logs as its own, and the lines it gave to the next chunk.

    A chunk cut through the contents or the index (see
    :data:`~mesa_glossary.render.book.GIVES`) leaves out its last page, part-filled, and
    gives its lines to the next chunk, which is made with them.

    WeasyPrint hyphenates lines before it cuts them into pages, and CSS has no say on a
    page's last line in it: a word hyphenated there is kept whole, and the chunk laid out
    again (two in a hundred pages of this project's book have one).
    """
    html_class, fetcher = _weasyprint()
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        html = html_class(string=document, base_url=None, url_fetcher=fetcher)
        rendered = html.render()
        for _ in range(_REHYPHENATIONS):
            if not _keep_whole(html, _split_by_pages(rendered)):
                break
            rendered = html.render()
        gave = _last_page_lines(html, rendered)
        if gave:
            rendered = rendered.copy(rendered.pages[:-1])
        if pdf is not None:
            replace_file(pdf, rendered.write_pdf(pdf_variant=PDF_VARIANT))
    finally:
        logger.removeHandler(handler)
    anchors = {anchor: index for index, page in enumerate(rendered.pages) for anchor in page.anchors}
    return _Laid(len(rendered.pages), anchors, warnings, len(gave), sum(page_slots_within(line) for line in gave))


def _last_page_lines(html: Any, document: Any) -> list[Any]:
    """The lines a chunk gives to the next one: the list items of its element marked
    :data:`~mesa_glossary.render.book.GIVES` that begin on its last page. None unless
    they are the last lines and not all of them (a chunk keeps a page at least)."""
    lines = [line for holder in html.etree_element.iter() if holder.get(GIVES) is not None
             for line in holder.iter("li")]
    if not lines or len(document.pages) < 2:
        return []
    before = {id(element) for element in _elements(document.pages[-2])}
    last = {id(element) for element in _elements(document.pages[-1])} - before
    given = [line for line in lines if id(line) in last]
    if not given or len(given) == len(lines) or given != lines[len(lines) - len(given):]:
        return []
    return given


def _elements(page: Any) -> Iterator[Any]:
    """The elements a laid-out page holds boxes of."""
    boxes = [page._page_box]  # the layout's boxes
    while boxes:
        box = boxes.pop()
        if getattr(box, "element", None) is not None:
            yield box.element
        boxes.extend(getattr(box, "children", ()))


def _split_by_pages(document: Any) -> list[tuple[Any, str]]:
    """The words hyphenated at the foot of a page, which the reader finishes overleaf:
    each word's element (the one whose text holds it) and the word."""
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415 - loaded by _weasyprint already

    def lines(box: Any) -> Iterator[Any]:
        if isinstance(box, boxes.LineBox):
            yield box
        elif not isinstance(box, boxes.MarginBox):
            for child in getattr(box, "children", ()):
                yield from lines(child)

    def texts(box: Any) -> Iterator[Any]:
        if isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from texts(child)

    split = []
    pages = [list(lines(page._page_box)) for page in document.pages]  # the layout's boxes
    for page, following in zip(pages, pages[1:], strict=False):
        end = list(texts(page[-1])) if page else []
        start = next(texts(following[0]), None) if following else None
        if not end or start is None or end[-1].element is not start.element:
            continue
        text, hyphen = end[-1].text, end[-1].style["hyphenate_character"]
        head = re.search(r"(\w+)" + re.escape(hyphen) + r"$", text)
        tail = re.match(r"\w+", start.text)
        if head and tail:
            split.append((start.element, head.group(1) + tail.group(0)))
    return split


def _keep_whole(html: Any, split: Sequence[tuple[Any, str]]) -> bool:
    """Put each word (every time it stands in its element's own text) in a span that is not
    hyphenated, so the next layout carries it whole to the next page or keeps it on this
    one; whether there was any (a break at a hyphen the word has is not hyphenation)."""
    kept = False
    for element, word in split:
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        for position, child in reversed(list(enumerate([None, *element]))):
            text = element.text if child is None else child.tail
            pieces = pattern.split(text or "")
            if len(pieces) == 1:
                continue
            spans = []
            for piece in pieces[1:]:
                span = element.makeelement("span", {"class": "whole-word"})
                span.text, span.tail = word, piece
                spans.append(span)
            if child is None:
                element.text = pieces[0]
            else:
                child.tail = pieces[0]
            element[position:position] = spans
            kept = True
    if kept:  # WeasyPrint matches the styles' selectors on a wrapper of the tree (cssselect2's), made when parsing
        html.wrapper_element = type(html.wrapper_element).from_html_root(html.etree_element)
    return kept


class _Collect(logging.Handler):
    """WeasyPrint's warnings in a worker, to hand to the parent."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _cache_key(document: str) -> str:
    from weasyprint import __version__ as weasyprint_version  # noqa: PLC0415 - loaded by _weasyprint already

    identity = f"{_CACHE_FORMAT}\0{weasyprint_version}\0{PDF_VARIANT}\0{document}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def _cached_layout(folder: Path, key: str, slots: tuple[tuple[str, int], ...]) -> ChunkLayout | None:
    """A chunk laid out before, or None when there is none or it is not whole; ``slots``
    are the page numbers its HTML prints."""
    pdf = folder / f"{key}.pdf"
    try:
        record = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        with pdf.open("rb") as laid_out:
            whole = laid_out.read(len(PDF_SIGNATURE)) == PDF_SIGNATURE
    except (OSError, ValueError):
        return None
    if not whole or not isinstance(record, dict):
        return None
    pages, anchors, gave = record.get("pages"), record.get("anchors"), record.get("gave")
    if not isinstance(pages, int) or not isinstance(anchors, dict) or not isinstance(gave, list) \
            or len(gave) != 2 or not all(isinstance(count, int) for count in gave):
        return None
    anchors = {key: value for key, value in anchors.items() if isinstance(value, int)}
    return _layout(pdf, _Laid(pages, anchors, [], *gave), slots)


def _prune(folder: Path, used: set[Path]) -> None:
    """Drop the layouts this build did not use."""
    for stale in folder.glob("*.pdf"):
        if stale not in used:
            stale.unlink(missing_ok=True)
            stale.with_suffix(".json").unlink(missing_ok=True)


def _remembered(path: Path) -> dict[str, int]:
    """The anchors' pages from the last build; none when there is no usable record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    numbers = data.get("numbers") if isinstance(data, dict) else None
    if not isinstance(numbers, dict):
        return {}
    return {key: number for key, number in numbers.items() if isinstance(key, str) and isinstance(number, int)}


def _written(layout: ChunkLayout) -> Path:
    if layout.pdf is None:
        raise ValueError("a chunk that was only measured has no PDF to join")
    return layout.pdf


def _check_replaceable(out: Path) -> None:
    """Refuse, before the long layout, to replace anything but an earlier PDF."""
    try:
        status = out.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(status.st_mode):
        raise ToolError(f"{display_path(out)}: error: is a folder; give the PDF's file name, as in "
                        f"-o {out / PDF_FILE}")
    if not stat.S_ISREG(status.st_mode):
        raise ToolError(f"{display_path(out)}: error: exists and is {file_kind(status.st_mode)}; the PDF "
                        "replaces only a regular file")
    with out.open("rb") as existing:
        if existing.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
            raise ToolError(f"{display_path(out)}: error: exists and is not a PDF; the tools replace only "
                            "files they made: give another name")


def _weasyprint() -> tuple[Any, Any]:
    """WeasyPrint's ``HTML`` class and a URL fetcher that refuses every URL.

    Importing WeasyPrint loads Pango through ``cffi``, which raises ``OSError`` when the
    library is missing; the book refers to no resource, so a fetch would be a bug.
    """
    try:
        from weasyprint import HTML  # noqa: PLC0415 - here, so a missing Pango is this error
        from weasyprint.urls import URLFetcher  # noqa: PLC0415
    except (OSError, ImportError) as error:
        raise ToolError(f"pdf: error: WeasyPrint cannot load its system libraries (Pango): {error}; "
                        f"{SYSTEM_LIBRARIES_HINT}") from None
    return HTML, URLFetcher(allowed_protocols=())


def _size(count: int) -> str:
    """A byte count as people read it: ``812 kB``, ``1.2 MB``."""
    if count < 1_000_000:
        return f"{max(count // 1000, 1)} kB"
    return f"{count / 1_000_000:.1f} MB"
