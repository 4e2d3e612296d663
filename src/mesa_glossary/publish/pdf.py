"""The glossary as one PDF book, laid out by WeasyPrint from :mod:`.render.book`.

WeasyPrint needs Pango and fonts from the system, so it is imported only when a PDF is
asked for: every other command works without them, and a missing library is reported
as what it is rather than as a traceback. Nothing is fetched while laying out: the
book's HTML carries its stylesheet and refers to no other resource.
"""

from __future__ import annotations

import json
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mesa_glossary.core.diagnostics import ToolError, counted, display_path
from mesa_glossary.core.files import file_kind, replace_file
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import PDF_FILE
from mesa_glossary.render.book import book_html, paper_size

SYSTEM_LIBRARIES_HINT = ("'make site' installs them on Debian (apt-get install libpango-1.0-0 "
                         "libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra fonts-liberation)")
#: Layouts tried before giving up on page numbers that keep moving; two almost always do.
MAX_LAYOUTS = 4
#: How every PDF file starts: what marks a file ``pdf -o`` may replace.
PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class PdfSummary:
    path: Path
    pages: int
    bytes: int
    seconds: float


def write_pdf(glossary: Glossary, out: Path, *, paper: str = "a4", built: date | None = None,
              progress: Callable[[str], None] | None = None, cache_dir: Path | None = None) -> PdfSummary:
    """Lay out the book and write it to ``out``; the old file stays until the new one is complete.

    ``cache_dir`` keeps the page of every anchor from the last layout: when the next
    build starts from those numbers and nothing moved, one layout is enough (half the time).
    """
    report = progress or (lambda line: None)
    started = time.perf_counter()
    day = built or date.today()
    paper_size(paper)  # an unknown paper is a mistake to report before loading WeasyPrint
    _check_replaceable(out)
    html_class, fetcher = _weasyprint()
    report(f"pdf: laying out {counted(len(glossary.terms), 'term')} and {counted(len(glossary.sources), 'source')}…")
    remembered = cache_dir / f"pdf-pages-{paper}.json" if cache_dir else None
    document, layouts, numbers = _lay_out(lambda numbers: html_class(
        string=book_html(glossary, paper=paper, built=day, page_numbers=numbers),
        base_url=None, url_fetcher=fetcher).render(), _remembered_numbers(remembered))
    if remembered is not None:
        replace_file(remembered, json.dumps(numbers).encode("utf-8"))
    report(f"pdf: {len(document.pages)} pages laid out in {time.perf_counter() - started:.1f} s "
           f"({counted(layouts, 'layout')})")
    data = document.write_pdf()
    replace_file(out, data)
    report(f"pdf: wrote {out.name} ({_size(len(data))})")
    return PdfSummary(out, len(document.pages), len(data), time.perf_counter() - started)


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


def _lay_out(render: Callable[[dict[str, int]], Any],
            numbers: dict[str, int]) -> tuple[Any, int, dict[str, int]]:
    """The laid-out document whose printed page numbers are where its anchors really are.

    Each layout prints the pages the previous one found (the remembered ones, or
    placeholders, at first); when no anchor moved, every number printed is right.
    """
    for layout in range(1, MAX_LAYOUTS + 1):
        document = render(numbers)
        found = {anchor: number for number, page in enumerate(document.pages, start=1) for anchor in page.anchors}
        if found == numbers:
            return document, layout, found
        numbers = found
    raise ToolError(f"pdf: error: the page numbers still moved after {MAX_LAYOUTS} layouts; "
                    "a page reference that changes width keeps moving its own target")


def _remembered_numbers(path: Path | None) -> dict[str, int]:
    """The anchors' pages from the last layout; none when there is no usable record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(key, str) and isinstance(value, int)}


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
