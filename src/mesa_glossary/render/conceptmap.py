"""Concept maps: the terms and their relations drawn as static SVG at build time.

Graphviz lays the maps out once, when the site is rendered, so they need no script,
work offline and print. Every node is a link to its term. One ``dot`` process lays out
all the maps of a build, and a layout is cached by the hash of its input, so a re-render
after editing one term lays out only the maps that changed.

The SVG is inlined in the page, so it takes the site's colours (light and dark) from
CSS; its links are written as the directory URLs MkDocs and Zensical make
(``terms/<slug>/``), since raw HTML is not rewritten by the engine.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.files import replace_file
from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.urls import MAP_PAGE, page_url, term_page
from mesa_glossary.render.pages import FULL_MAP_KEY, family_map_key, tag_colour_class, terms_by_tag

#: The Graphviz program that lays the maps out (a path or a name on ``PATH``).
DOT = "dot"
#: A map is readable up to about this many terms. Past it the map page shows one map per
#: tag family instead, and a family past it gets none: each of its terms' pages shows
#: the term's neighbourhood. (A spring layout of 800 terms also takes ``dot`` 2 s.)
FULL_MAP_LIMIT = 250
#: The key of the book's map among its layouts.
BOOK_MAP_KEY = "book"
#: Below this many graphs per process a second ``dot`` costs more than it saves.
DOT_GRAPHS_PER_PROCESS = 50
#: How long one ``dot`` process may take: a real layout takes a fraction of a second per
#: graph, so a process still running after this is stuck, and is killed.
DOT_SECONDS = 60.0
DOT_SECONDS_PER_GRAPH = 2.0
_SVG_START = re.compile(r"<svg\b")
#: Graphviz writes links as ``xlink:href`` only, which crawlers do not follow; SVG 2 reads ``href``.
_XLINK_HREF = re.compile(r'<a xlink:href="([^"]*)"')
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_XLINK_TITLE = re.compile(r' xlink:title="[^"]*"')
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
#: dot numbers each drawing's group by its place in the process's output ("page0,3_graph0"):
#: the id is dropped, so a map is the same however the layouts were shared out.
_GRAPH_ID = re.compile(r'<g id="[^"]*graph0" class="graph"')


@dataclass(frozen=True)
class MapSpec:
    """One map to lay out: the terms drawn and the page it is shown on.

    ``key`` names the map among a build's maps: the term's page for a neighbourhood,
    ``map`` for the full map, ``map/<tag>`` for a family's map.
    """

    key: str
    page: str
    terms: tuple[Term, ...]
    centre: str | None = None
    label: str = "Concept map"
    #: Each term's colour class (from its first tag), by slug: the map's colour by family.
    colours: tuple[tuple[str, str], ...] = ()
    #: Whether nodes link to their terms' pages; the book's map is a figure on paper.
    links: bool = True


def map_specs(glossary: Glossary, *, full_map_limit: int = FULL_MAP_LIMIT,
              neighbourhoods: Collection[str] | None = None) -> list[MapSpec]:
    """The full map (or one per tag family when it would have more than ``full_map_limit``
    terms) and each term's neighbourhood (or only those of the ``neighbourhoods`` slugs:
    the preview renders again only the pages an edit reached)."""
    terms = glossary.sorted_terms()
    colours = tuple((term.slug, tag_colour_class(glossary, term.tags[0])) for term in terms)
    if len(terms) > full_map_limit:
        specs = [MapSpec(family_map_key(tag), MAP_PAGE, tuple(family), label=f"Concept map of the {tag} family",
                         colours=colours)
                 for tag, family in terms_by_tag(glossary).items() if len(family) <= full_map_limit]
    else:
        specs = [MapSpec(FULL_MAP_KEY, MAP_PAGE, tuple(terms), label="Concept map of every term", colours=colours)]
    for term in terms if neighbourhoods is None else (glossary.terms[slug] for slug in sorted(neighbourhoods)):
        near = neighbourhood(glossary, term)
        if len(near) > 1:
            specs.append(MapSpec(term_page(term.slug), term_page(term.slug), near, term.slug,
                                 label=f"{term.name} and the terms around it"))
    return specs


def book_map_svg(terms: Sequence[Term], cache_dir: Path | None) -> str:
    """The book's figure: ``terms`` (the reading path) and the relations among them, or
    nothing for fewer than two terms. Give it a cache folder of its own: :func:`lay_out`
    prunes what it does not use. Its ``<title>`` is the figure's alternative text in a
    tagged PDF."""
    if len(terms) < 2:
        return ""
    spec = MapSpec(BOOK_MAP_KEY, MAP_PAGE, tuple(terms), label="Map of the terms of the path", links=False)
    svg = lay_out([spec], cache_dir)[BOOK_MAP_KEY]
    names = ", ".join(term.name for term in terms)
    opening = svg.index(">") + 1
    return f"{svg[:opening]}<title>{html.escape(f'Map of the terms of the path: {names}')}</title>{svg[opening:]}"


def neighbourhood(glossary: Glossary, term: Term) -> tuple[Term, ...]:
    """The term with its broader, narrower and related terms."""
    near = [glossary.terms[slug] for slug in (*term.broader, *term.narrower)] + glossary.related_to(term)
    unique = {other.slug: other for other in near if other.slug != term.slug}
    return (term, *unique.values())


def to_dot(spec: MapSpec, *, html_files: bool = False) -> str:
    """Graphviz input for a map: ``broader`` as arrows to the narrower term, ``related`` as dashed lines.

    A neighbourhood is drawn in three columns (broader terms, the term, then narrower and
    related terms) with only the term's own relations; the whole map has few ``broader``
    chains and many ``related`` lines, which a spring layout spreads out most readably.
    """
    layout = ('layout=dot, rankdir=LR, nodesep=0.12, ranksep=0.5' if spec.centre
              else 'layout=neato, overlap=prism, splines=true, sep="+6"')
    lines = [
        "digraph map {",
        f'  graph [{layout}, bgcolor="transparent", pad=0.1];',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5e35b1", '
        'fontname="DejaVu Sans", fontsize=11, height=0.3, margin="0.1,0.04"];',
        '  edge [color="#757575", arrowsize=0.6];',
    ]
    colour = dict(spec.colours)
    for term in sorted(spec.terms, key=lambda t: t.slug):
        # Classes the page's script reads: the families (to filter by tag) and the colour.
        classes = " ".join(["mg-node", *(["mg-centre"] if term.slug == spec.centre else []),
                            *(f"mg-tag-{tag}" for tag in term.tags),
                            *([colour[term.slug]] if term.slug in colour else [])])
        url = f'URL="{page_url(spec.page, term_page(term.slug), html_files=html_files)}", ' if spec.links else ""
        lines.append(f'  "{term.slug}" [label="{_dot_text(term.name)}", {url}id="map-{term.slug}", '
                     f'class="{classes}"];')
    lines.extend(f"  {edge};" for edge in _edges(spec))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edges(spec: MapSpec) -> list[str]:
    drawn = {term.slug for term in spec.terms}
    edges: list[str] = []
    related_pairs: set[frozenset[str]] = set()
    for term in sorted(spec.terms, key=lambda t: t.slug):
        for broader in term.broader:
            if broader in drawn and spec.centre in (None, broader, term.slug):
                edges.append(f'"{broader}" -> "{term.slug}" [class="mg-broader mg-e-{broader} mg-e-{term.slug}"]')
        for related in term.related:
            pair = frozenset((term.slug, related))
            if related not in drawn or pair in related_pairs or (spec.centre and spec.centre not in pair):
                continue
            related_pairs.add(pair)
            # In a neighbourhood the related term goes in the column after the centre.
            first, second = (spec.centre, related if term.slug == spec.centre else term.slug) if spec.centre \
                else (term.slug, related)
            constraint = "" if spec.centre else ", constraint=false"
            edges.append(f'"{first}" -> "{second}" [dir=none, style=dashed{constraint}, '
                         f'class="mg-related mg-e-{first} mg-e-{second}"]')
    return edges


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def lay_out(specs: Iterable[MapSpec], cache_dir: Path | None, *, html_files: bool = False,
            dot_timeout: float | None = None, dot: str = DOT, processes: int | None = None) -> dict[str, str]:
    """The inline SVG of every map, by key; layouts not in the cache take one ``dot`` run.

    Layouts no longer used are pruned from ``cache_dir``: give each URL style its own.
    ``dot_timeout`` bounds each ``dot`` process (by default in proportion to its graphs);
    ``processes`` caps how many run at once (by default one per core this process may use).
    """
    sources = {spec.key: (spec, to_dot(spec, html_files=html_files)) for spec in specs}
    hashes = {key: hashlib.sha256(source.encode()).hexdigest()[:32] for key, (_, source) in sources.items()}
    svgs: dict[str, str] = {}
    missing: list[str] = []
    for key, digest in hashes.items():
        cached = cache_dir / f"{digest}.svg" if cache_dir else None
        svg = _cached_svg(cached) if cached is not None else None
        if svg is not None:
            svgs[key] = svg
        else:
            missing.append(key)
    if missing:
        laid_out = _lay_out_in_parallel([sources[key][1] for key in missing], dot=dot, timeout=dot_timeout,
                                        processes=processes or len(os.sched_getaffinity(0)))
        svgs.update(zip(missing, laid_out, strict=True))
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for key, svg in zip(missing, laid_out, strict=True):
                replace_file(cache_dir / f"{hashes[key]}.svg", svg.encode("utf-8"))
    if cache_dir is not None and cache_dir.is_dir():
        in_use = {f"{digest}.svg" for digest in hashes.values()}
        for stale in cache_dir.glob("*.svg"):
            if stale.name not in in_use:
                stale.unlink()
    return {key: _inline(svgs[key], sources[key][0]) for key in sources}


def _cached_svg(path: Path) -> str | None:
    """A cached layout, or None when there is none or it is not a whole SVG document
    (cut short by a full disk or a killed build before writes were atomic, or edited)."""
    try:
        svg = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return svg if _SVG_START.search(svg) and svg.rstrip().endswith("</svg>") else None


def _lay_out_in_parallel(graphs: list[str], *, dot: str, timeout: float | None, processes: int) -> list[str]:
    """Lay out graphs with one ``dot`` process per core, each taking every n-th graph.

    Interleaving spreads the few large maps and the many small ones evenly; each process
    writes its SVG documents in the order of its graphs.
    """
    if shutil.which(dot) is None:
        raise ToolError("mesa-glossary: error: Graphviz's 'dot' is needed to draw the concept maps and is not "
                        "installed; 'make site' installs it (apt-get install graphviz)")
    processes = max(1, min(processes, len(graphs) // DOT_GRAPHS_PER_PROCESS))
    with ThreadPoolExecutor(processes) as pool:  # threads only wait: each runs a dot process
        batches = list(pool.map(lambda batch: _run_dot(dot, batch, timeout),
                                [graphs[start::processes] for start in range(processes)]))
    laid_out = [""] * len(graphs)
    for start, batch in enumerate(batches):
        laid_out[start::processes] = batch
    return laid_out


def _run_dot(dot: str, graphs: list[str], timeout: float | None = None) -> list[str]:
    """Lay out several graphs with one process: ``dot`` writes one SVG document per graph.

    A ``dot`` that does not finish in ``timeout`` seconds (by default in proportion to
    the graphs) is killed, and the build fails rather than hang.
    """
    limit = timeout if timeout is not None else DOT_SECONDS + DOT_SECONDS_PER_GRAPH * len(graphs)
    try:
        result = subprocess.run([dot, "-Tsvg"], input="".join(graphs), capture_output=True, text=True, check=False,
                                timeout=limit)
    except subprocess.TimeoutExpired:  # run() has killed it and waited for it
        raise ToolError(f"mesa-glossary: error: Graphviz's 'dot' did not finish in {limit:.0f} s and was "
                        "stopped") from None
    if result.returncode != 0:
        raise ToolError(f"mesa-glossary: error: Graphviz's 'dot' failed: {result.stderr.strip()}")
    documents = [part for part in re.split(r"(?=<\?xml )", result.stdout) if part.strip()]
    if len(documents) != len(graphs):
        raise ToolError(f"mesa-glossary: error: Graphviz's 'dot' drew {len(documents)} maps of {len(graphs)}")
    return documents


def _inline(svg: str, spec: MapSpec) -> str:
    """The SVG element alone, without the XML prologue, comments and native tooltips."""
    start = _SVG_START.search(svg)
    body = svg[start.start() :] if start else svg
    body = _GRAPH_ID.sub('<g class="graph"', _XLINK_TITLE.sub("", _TITLE.sub("", _COMMENT.sub("", body))))
    body = _XLINK_HREF.sub(r'<a href="\1"', body)
    body = body.replace("<svg ", f'<svg role="group" aria-label="{html.escape(spec.label)}" ', 1)
    # Blank lines would end the raw HTML block in Markdown.
    return "\n".join(line for line in body.splitlines() if line.strip())
