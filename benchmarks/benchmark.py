"""``make bench``: how check, build, PDF and auto-linking scale with the number of terms.

For each size a synthetic project (:mod:`.synthetic`) is written and measured the way
a user runs it, each step in its own process so that its peak memory is its own:

* ``check`` time (the best of a few runs) and peak memory;
* ``build --site-only`` time, and per term page;
* the same rendered pages built by plain ``mkdocs build`` with the same theme and
  navigation, so ``build ÷ plain`` is the glossary's own overhead;
* ``check`` against merely parsing the same term files with PyYAML's C loader;
* the PDF (up to ``--pdf-up-to`` terms): from nothing, its pages a second and the peak
  memory of its main process and of its largest layout process, then again after editing
  one term;
* auto-linking throughput and the time to find a quote, which must not change as terms grow;
* the hover-card data a term page carries (median and largest), which must not grow with the glossary;
* search in Chromium: from entering a term's alias in the search box of a freshly opened
  page to the term's page shown as the first result, the bytes of index fetched, and the
  size of the whole index;
* and how long ``make serve`` takes from saving a term's file to serving its page anew, at
  each size and on the real glossary.

The table is printed and written to ``docs/benchmark.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from benchmarks.synthetic import write_project
from mesa_glossary import pipeline
from mesa_glossary.adapters.mkdocs.plugin import MARKDOWN_EXTENSIONS, SCRIPTS, STYLESHEETS
from mesa_glossary.assets import THEME_DIR
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import INDEX_FOLDER, PDF_FILE
from mesa_glossary.load.entries import read_entries
from mesa_glossary.render.cards import built_cards
from tests.support.browser import chromium, serve_folder


@dataclass(frozen=True)
class Row:
    terms: int
    check_s: float
    check_mb: float
    build_s: float
    plain_s: float
    #: PyYAML's C loader over the same term files: what check costs beyond parsing.
    parse_s: float
    #: In one process, the best of a few: the glossary loaded (what check does), and of
    #: that the term files read, parsed and checked against the schema.
    load_s: float
    read_s: float
    pdf_s: float | None
    pdf_pages: int | None
    #: Peak memory of the PDF's main process (which holds the glossary and joins the
    #: chunks), and of the largest of its layout processes.
    pdf_main_mb: float | None
    pdf_layout_mb: float | None
    pdf_edit_s: float | None
    autolink_chars_per_ms: float
    quote_chars_per_ms: float
    search_ms: float
    search_fetched_kb: float
    search_index_mb: float
    serve_s: float
    cards_median_kb: float
    cards_max_kb: float

    @property
    def ms_per_page(self) -> float:
        return self.build_s * 1000 / self.terms

    @property
    def overhead(self) -> float:
        return self.build_s / self.plain_s

    @property
    def check_over_parse(self) -> float:
        return self.check_s / self.parse_s


#: Auto-linking is timed over this much of the corpus at every size, so that only the
#: number of terms changes.
AUTOLINK_SAMPLE_CHARS = 200_000
#: Timings of work this short take the best of this many runs.
BEST_OF = 3

#: Plain MkDocs prints a banner about MkDocs 2 on every run; the table is what matters.
_QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _run(command: list[str], cwd: Path) -> float:
    """The wall time of one child process."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=_QUIET)
    return time.perf_counter() - started


def _plain_config(project: Project) -> Path:
    """``mkdocs.yml`` without the glossary's plugin, with what the plugin adds (the site's name
    and address, the theme template, stylesheet, scripts and Markdown extensions), over the
    rendered pages."""
    config = yaml.safe_load(project.config_file.read_text(encoding="utf-8"))
    site = yaml.safe_load(project.site_file.read_text(encoding="utf-8"))
    config["plugins"] = [plugin for plugin in config["plugins"] if plugin != "mesa-glossary"]
    config["theme"]["custom_dir"] = str(THEME_DIR)
    listed = {next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]}
    config["markdown_extensions"] += [name for name in MARKDOWN_EXTENSIONS if name not in listed]
    config.update(site_name=site["title"], site_url=site["url"], docs_dir="build/docs", site_dir="build/plain-site",
                  extra_css=list(STYLESHEETS), extra_javascript=list(SCRIPTS))
    path = project.root / "plain-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def measure(terms: int, work: Path, template: Path, *, pdf: bool) -> Row:
    project = write_project(work / f"glossary-{terms}", terms, template=template)
    cli = [sys.executable, "-m", "mesa_glossary.cli"]
    check_s = min(_run([*cli, "check", str(project.root)], project.root) for _ in range(BEST_OF))
    check_mb = _peak_of([*cli, "check", str(project.root)], project.root)
    build_s = _run([*cli, "build", "--site-only", str(project.root)], project.root)
    _run([*cli, "render", str(project.root)], project.root)  # the pages plain MkDocs builds
    plain_s = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(_plain_config(project))], project.root)
    pdf_s, pdf_pages, pdf_main_mb, pdf_layout_mb, pdf_edit_s = (_pdf_measures(project, cli) if pdf
                                                                 else (None, None, None, None, None))
    parse_s = _parse_seconds(project)
    load_s = _best_seconds(lambda: pipeline.check(project))
    read_s = _best_seconds(lambda: read_entries(project))
    glossary = pipeline.check(project)
    cards = sorted(card_data_bytes(project.site_dir, glossary))
    autolink, quote_finding = _matching_speeds(glossary)
    wanted = glossary.sorted_terms()[len(glossary.terms) // 2]
    search_s, fetched = search_seconds(project.site_dir, (wanted.aliases or (wanted.name,))[0], wanted.slug)
    index = sum(path.stat().st_size for path in (project.site_dir / INDEX_FOLDER).rglob("*") if path.is_file())
    serve_s = serve_rebuild_seconds(project, wanted.slug)
    return Row(terms, check_s, check_mb, build_s, plain_s, parse_s, load_s, read_s, pdf_s, pdf_pages, pdf_main_mb,
               pdf_layout_mb, pdf_edit_s, autolink, quote_finding, search_s * 1000,
               fetched / 1000, index / 1e6, serve_s, cards[len(cards) // 2] / 1000, cards[-1] / 1000)


def card_data_bytes(site_dir: Path, glossary: Glossary) -> list[int]:
    """The bytes of hover-card data each term page of the built site carries."""
    return [len(found.group(0).encode("utf-8")) if (found := built_cards(page.read_text(encoding="utf-8"))) else 0
            for page in (site_dir / "terms" / slug / "index.html" for slug in glossary.terms)]


def _matching_speeds(glossary: Glossary) -> tuple[float, float]:
    """Characters a millisecond: of text auto-linked (the same amount at every size), and of
    source text searched for quotes (each quote is looked for in its whole source); each
    the best of a few runs."""
    corpus = "\n\n".join(source.text.text for source in glossary.sources.values())[:AUTOLINK_SAMPLE_CHARS]
    quotes = [(quote.source.text, quote.text) for term in glossary.terms.values() for quote in term.quotes]
    autolink = quote_finding = float("inf")
    for _ in range(BEST_OF):
        started = time.perf_counter()
        glossary.matcher.mentions(corpus, first_only=False)
        autolink = min(autolink, time.perf_counter() - started)
        started = time.perf_counter()
        for source, text in quotes:
            source.find(text)
        quote_finding = min(quote_finding, time.perf_counter() - started)
    searched = sum(len(source.text) for source, _ in quotes)
    return len(corpus) / (autolink * 1000), searched / (quote_finding * 1000)


def search_seconds(site_dir: Path, query: str, slug: str) -> tuple[float, int]:
    """Seconds from entering ``query`` in the search box of a fresh page to ``slug``'s page
    shown as the first result, and the bytes of search index fetched in all.

    The benchmark runs from the repository (``make bench``), beside the tests whose
    Chromium and static server it borrows.
    """
    with serve_folder(site_dir) as base, chromium() as browser:
        page = browser.new_context().new_page()  # a fresh context: nothing cached
        fetched: list[str] = []
        page.on("requestfinished", lambda request: fetched.append(request.url))
        page.goto(base, wait_until="networkidle")
        box = page.locator("input.md-search__input")
        box.click()
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=60_000)
        started = time.perf_counter()
        box.fill(query)
        box.press("End")  # Material reads the box when a key goes up: the query as entered
        first = page.locator(".md-search-result__item a").first
        expect(first).to_have_attribute("href", re.compile(rf"/terms/{re.escape(slug)}/"), timeout=60_000)
        seconds = time.perf_counter() - started
    pieces = {url.removeprefix(base).split("?")[0] for url in fetched if f"/{INDEX_FOLDER}/" in url}
    return seconds, sum((site_dir / piece).stat().st_size for piece in pieces)


def _parse_seconds(project: Project) -> float:
    """PyYAML's C loader over every term file (read included), the best of a few runs."""
    files = sorted(project.terms_dir.glob("*.yaml"))
    return _best_seconds(lambda: [yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
                                  for path in files])


def _best_seconds(work: Callable[[], object]) -> float:
    """The shortest of a few runs of ``work``."""
    best = float("inf")
    for _ in range(BEST_OF):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _pdf_measures(project: Project, cli: list[str]) -> tuple[float, int, float, float, float]:
    """The book laid out from nothing (seconds, pages, the peak MB of the main process and
    of the largest layout process), then again after one term's summary is edited, its
    layouts cached (seconds)."""
    started = time.perf_counter()
    main_mb, layout_mb = _peaks_by_process([*cli, "pdf", str(project.root)], project.root)
    cold = time.perf_counter() - started
    pages = len(PdfReader(project.root / "build" / PDF_FILE).pages)
    term = min(project.terms_dir.glob("*.yaml"))
    term.write_text(edited_summary(term.read_text(encoding="utf-8"), "Edited."), encoding="utf-8")
    edited = _run([*cli, "pdf", str(project.root)], project.root)
    return cold, pages, main_mb, layout_mb, edited


def _peak_of(command: list[str], cwd: Path) -> float:
    """Peak memory (MB) of one run, read by a wrapper process of its own: the peak of a
    process's children is the largest child so far, so each measure needs a fresh parent."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
             " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    output = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, check=True,
                            capture_output=True, text=True, env=_QUIET).stdout
    return int(output.split()[-1]) / 1024


def _peaks_by_process(command: list[str], cwd: Path) -> tuple[float, float]:
    """Peak memory (MB) of one run's own process and of the largest process under it, each
    read from its ``VmHWM`` in ``/proc`` every 0.1 s while the run lasts.

    ``getrusage`` gives only the largest of a process's children, and not at all those
    started by an orphaned process: the PDF's layout processes come from multiprocessing's
    fork server, which outlives the run by a moment. A process's peak is missed only if it
    is reached in its last 0.1 s; a layout process waits idle for the next chunk then.
    """
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, env=_QUIET)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        running = list(_processes())
        parents = {pid: parent for pid, parent, _ in running}
        for pid, _, peak_kb in running:
            ancestor = pid
            while ancestor in parents and ancestor != process.pid:
                ancestor = parents[ancestor]
            if ancestor == process.pid:
                peaks[pid] = max(peaks.get(pid, 0), peak_kb)
        time.sleep(0.1)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    others = [peak for pid, peak in peaks.items() if pid != process.pid]
    return peaks.get(process.pid, 0) / 1024, max(others, default=0) / 1024


def _processes() -> Iterator[tuple[int, int, int]]:
    """Every process this user may read: its id, its parent's id and its peak memory (kB)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            status = Path(entry.path, "status").read_text(encoding="utf-8", errors="replace")
        except OSError:  # it ended
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if "VmHWM" in fields:  # not a kernel thread, nor a zombie
            yield int(entry.name), int(fields["PPid"]), int(fields["VmHWM"].split()[0])


def serve_rebuild_seconds(project: Project, slug: str) -> float:
    """From saving one term file (its summary edited) to ``mesa-glossary serve`` serving the
    changed page, which it does once the rebuild is done: the median of :data:`BEST_OF` saves.

    The term's file is restored afterwards; the first build is waited for, however long.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/terms/{slug}/"
    server = subprocess.Popen([sys.executable, "-m", "mesa_glossary.cli", "serve", str(project.root),
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=_QUIET)
    term = project.terms_dir / f"{slug}.yaml"
    text = term.read_text(encoding="utf-8")
    seconds: list[float] = []
    try:
        _wait_for(url, lambda page: True, 3600)
        for edit in range(BEST_OF):
            marker = f"Edited for the benchmark ({edit})."
            started = time.perf_counter()
            term.write_text(edited_summary(text, marker), encoding="utf-8")
            _wait_for(url, lambda page, marker=marker: marker in page, 600)
            seconds.append(time.perf_counter() - started)
    finally:
        term.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
    return statistics.median(seconds)


def edited_summary(text: str, marker: str) -> str:
    """A term file with ``marker`` put before its summary, still valid YAML whatever the
    summary holds (a plain text replacement breaks one with ': ' in it)."""
    data = yaml.safe_load(text)
    data["short"] = f"{marker} {data['short']}"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _wait_for(url: str, ready: Callable[[str], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not change within {seconds:.0f} s")


def table(rows: Sequence[Row]) -> str:
    lines = ["| terms | check | check memory | build (site) | per term page | plain MkDocs | build ÷ plain "
             "| check ÷ parse | PDF from nothing | PDF pages/s | PDF memory: main / layout | PDF after one edit "
             "| auto-linking | quote finding | search: first result | search: fetched | search index "
             "| card data per page | preview: save to served |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        pdf = (f"{row.pdf_s:.1f} s ({row.pdf_pages} pages) | {row.pdf_pages / row.pdf_s:.1f} "
               f"| {row.pdf_main_mb:.0f} / {row.pdf_layout_mb:.0f} MB | {row.pdf_edit_s:.1f} s"
               if row.pdf_s is not None and row.pdf_pages and row.pdf_main_mb and row.pdf_layout_mb and row.pdf_edit_s
               else "not run | | |")
        lines.append(f"| {row.terms:,} | {row.check_s:.2f} s | {row.check_mb:.0f} MB | {row.build_s:.1f} s "
                     f"| {row.ms_per_page:.1f} ms | {row.plain_s:.1f} s | {row.overhead:.2f}× "
                     f"| {row.check_over_parse:.2f}× | {pdf} "
                     f"| {row.autolink_chars_per_ms:,.0f} chars/ms | {row.quote_chars_per_ms:,.0f} chars/ms "
                     f"| {row.search_ms:.0f} ms "
                     f"| {row.search_fetched_kb:,.0f} kB | {row.search_index_mb:.1f} MB "
                     f"| {row.cards_median_kb:.1f} kB (max {row.cards_max_kb:.1f}) | {row.serve_s:.1f} s |")
    growth = "".join(f"- {line}\n" for line in scaling(rows))
    checking = "".join(f"- {line}\n" for line in check_parts(rows))
    return ("\n".join(lines) + "\n" + (f"\nHow the build time grows with the glossary:\n\n{growth}" if growth else "")
            + f"\nWhere the time of `check` goes:\n\n{checking}")


def scaling(rows: Sequence[Row]) -> list[str]:
    """How the build time grew from each size to the next, against how the size grew."""
    return [f"from {before.terms:,} to {after.terms:,} terms (×{after.terms / before.terms:g}), "
            f"×{after.build_s / before.build_s:.2f} the time" for before, after in zip(rows, rows[1:], strict=False)]


def check_parts(rows: Sequence[Row]) -> list[str]:
    """Each size's ``check`` cut into its parts: the process (the whole command less the
    best load in one process: starting Python, a first load's cold start, exit), reading
    the term files (parsed with positions, checked against the schema) beside PyYAML's
    loader on the same files, and the rest of the load (the sources, the checks across
    files, the model)."""
    return [f"{row.terms:,} terms: {row.check_s:.2f} s = the process (start-up, a first load's cold start, exit) "
            f"{row.check_s - row.load_s:.2f} s "
            f"+ term files read {row.read_s:.2f} s (PyYAML's loader alone: {row.parse_s:.2f} s) + sources, "
            f"checks across files and the model {row.load_s - row.read_s:.2f} s" for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,2000,10000",
                        help="numbers of terms (default: 100,1000,2000,10000)")
    parser.add_argument("--pdf-up-to", type=int, default=2000, help="make the PDF up to this many terms")
    parser.add_argument("--work", default="build/bench", help="where the synthetic projects go")
    parser.add_argument("--report", default="docs/benchmark.md", help="the Markdown page the table goes to")
    args = parser.parse_args(argv)
    template = Project.at(".").root
    rows = []
    for size in (int(part) for part in args.sizes.split(",")):
        row = measure(size, Path(args.work).resolve(), template, pdf=size <= args.pdf_up_to)
        print(json.dumps(row.__dict__), flush=True)
        rows.append(row)
    report = table(rows)
    with tempfile.TemporaryDirectory() as work:  # a copy: the real term file is never touched
        real = Project.at(".").copy_to(Path(work) / "project")
        serve = serve_rebuild_seconds(real, min(path.stem for path in real.terms_dir.glob("*.yaml")))
    print(report + f"\nmake serve: {serve:.1f} s from saving a term to the page served anew\n")
    Path(args.report).write_text(_PAGE.format(table=report, serve=f"{serve:.1f}", python=sys.version.split()[0],
                                              cores=len(os.sched_getaffinity(0))),
                                 encoding="utf-8")
    return 0


_PAGE = """\
# Benchmark

How the glossary's engine scales, measured by `make bench` on synthetic glossaries in
the real schema (aliases, relations, `[[links]]`, one verified quote per term from a
corpus that grows with the glossary), on the machine the project is built on ({cores} cores,
Python {python}). Each step runs in its own process.

{table}
What the columns measure, and the targets:

- *build (site)* is `mesa-glossary build --site-only` on a fresh project (no cached
  concept maps): check, render (pages, concept maps, exports), MkDocs, then the Pagefind
  index; *plain MkDocs* builds the same rendered pages with the same theme and
  navigation, and Material's own search index of every page, so *build ÷ plain* is the
  glossary's own cost.
- *auto-linking* is the term matcher over the first 200,000 characters of the corpus
  (all of it where it is shorter), and *quote finding* how fast quotes are found in
  their sources (characters of source searched a millisecond): both should stay flat as
  the number of terms grows (the best of 3 runs each). The matcher does the same work
  per word at any size (one set look-up, and a dictionary walk only where a name
  starts); on the same text, 13,000 more names made it 8% slower. The rest of the fall
  from 100 to 10,000 terms comes with the process holding the larger glossary, and is
  not pinned down yet.
- At 100 terms about a second of the build is fixed cost (starting Python and the
  renderers, the first Graphviz layouts, Pagefind): it is most of a build that small,
  hence the ratio there.
- *search* is measured in headless Chromium on the built site served from 127.0.0.1:
  from a term's alias entered in the search box of a freshly opened page (nothing
  cached; Pagefind's engine loads with the page; the key released, which is when
  Material reads the box) to that term's page shown as the first result. *fetched* is
  how much of the Pagefind index the page downloaded, opening included; *search index*
  is the whole index on the server.
  Material's own search (lunr) downloads and indexes every page first: measured when
  this benchmark began, 0.17 s at 100 pages, 0.8 s at 1,000 and 2.4 s at 3,000, from a
  20 MB index at 10,000 terms.
- *check ÷ parse* is `check` (the command, the best of 3 runs) against only reading and
  parsing the same term files with PyYAML's C loader (in one process, the best of 3): what checking costs beyond the
  YAML. Aim: 1.5×. The list under the table says where the rest goes. Reading the term
  files costs less than PyYAML's loader on its own (libyaml composes the nodes; the
  values are built without PyYAML's constructor, their lines and columns kept as plain
  numbers), although it also refuses duplicate keys, alias bombs and deep nesting, and
  checks each file against the schema. The rest is the process (starting Python and
  importing, about 0.1 s, most of a small glossary's check; freeing what was loaded) and
  the checks across files in pure Python, a few tens of microseconds a term: names and
  aliases that collide, links and relations to terms that exist, `broader` cycles, what
  a definition may contain, and each quote found in its source (the 50 sources are read
  and cut into passages once; finding the quotes in them is about a tenth of a second
  at 10,000 terms, the speed of `str.find`). Before issue 17 it took 3.26 s at 10,000
  terms (2.80×).
- *PDF from nothing* is `mesa-glossary pdf` with no cache: the book is cut into chunks of
  about 30 pages, laid out one per core (2 here), and joined; with no page numbers
  remembered it takes a round that only measures, then one or two that write. *PDF
  pages/s* is the book's pages over that time (target: at least 5 at 1,000 terms). *PDF
  memory* is the peak of the main process, which holds the glossary, makes each chunk's
  HTML as a layout process is free for it and joins the laid-out chunks one at a time,
  and the peak of the largest layout process, which starts with only WeasyPrint loaded
  and holds one chunk (target: under 800 MB at 1,000 terms, and not growing with the
  book; the main process grows only with the glossary it holds, as check does). *PDF
  after one edit* is the same command after one term's summary changed: the other
  chunks come from the cache, so one chunk is laid out and the book joined again.
  Before issue 17 the book was laid out whole, two or three times: 1,000 terms took
  about 330 s and 1.4 GB.
- *card data per page* is the hover-card data a term page carries, the median over the
  term pages and the largest (max): each page carries the cards of the terms it
  links and no others, so it should not grow with the glossary. Before issue 17 every
  page loaded one script with every term's card: 14 kB at 100 synthetic terms, 140 kB at
  1,000 and 1.4 MB at 10,000.
- *preview: save to served* is `make serve` (`mesa-glossary serve`) on the same project:
  from saving a term's file with its summary edited to the preview serving the term's
  page anew, the median of 3 saves. The preview renders again only the pages the edit
  reached (the term's, those that list it or carry its hover card, the A–Z index, tags,
  concept map and exports), MkDocs rebuilds only the pages that changed, and the search
  index (Pagefind) follows in the background. What an unchanged file gave is kept
  between saves: its parsed YAML and schema check, a source cut into passages, a term's
  entry of the exports and its JSON. Python's full garbage collection waits until a
  second after the rebuild. What is left at 10,000 terms is mostly the checks across
  files (every save is checked whole) and MkDocs making its navigation and a page
  object for each of the 20,000 files. Targets: under 2 s at 2,000 terms, under 5 s at
  10,000. Before issue 17 every save rendered and rebuilt every page: 40 s at 2,000
  terms.
- `make serve` on this glossary: {serve} s from saving a term file to the page served
  anew, the same way.
- The targets: `check` of 10,000 terms under 2 s; the site build linear in the number of
  terms (doubling the terms takes at most 2.2× the time), at most 10 ms per term page at
  10,000 and at most 1.15× plain MkDocs; search answering within 500 ms at 10,000 terms.
  Where a row misses one, the engine has work left.
"""
