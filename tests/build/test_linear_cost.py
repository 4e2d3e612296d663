"""The cost of checking, rendering and linking grows linearly with the input.

A definition of 20,000 lines took 20 s to render: patterns re-read the rest of a
paragraph from every line, and every ``<`` was checked against every code range. These
property tests build hostile Markdown from pieces (unclosed backticks, brackets,
comments and tags, setext candidates, quotes, lists), repeat it k and 8k times and
compare: linear work takes about 8 times as long, quadratic 64 times. The bound, 24, is
far from both; times are the process's own CPU time, best of five, so that another
process on a busy machine does not decide.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesa_glossary import pipeline
from mesa_glossary.core.markdown_text import code_ranges, find_wikilinks, protected_ranges
from mesa_glossary.core.matcher import TermMatcher
from mesa_glossary.core.sources import SourceText
from mesa_glossary.load.definition_policy import violations
from mesa_glossary.render.markup import inert_html
from mesa_glossary.render.pages import resolve_links
from mesa_glossary.tools.catalog import load_catalog
from mesa_glossary.tools.linker import link_post
from tests.support.projects import ProjectMaker

#: Pieces of Markdown that open something and may never close it.
PIECES = [
    "a line of prose about a base optimizer\n", "Setext candidate\n", "===\n", "---\n", "\n",
    "a ` tick ", "``double ", "[open bracket ", "[link](https://a.org/x) ", "![img ", "<!-- comment ", "-->",
    "<a href=x> ", "</a>", "<pre> ", "<code>", "<div>\n", "<b>", "{: .x } ", "{0,1} ", "&amp; ", "&#60;",
    "> quoted mesa optimizer\n", "- list item\n", "    indented code\n", "```\n", "[[mesa-optimizer]] ",
    "[[ unclosed ", "[r]: https://a.org/\n", "https://example.org/path ", "mesa-optimizer's ", "\\[",
]
MARKDOWN = st.lists(st.sampled_from(PIECES), min_size=3, max_size=25).map("".join)
#: Eight times the input: linear costs 8 times as much, quadratic 64.
FACTOR = 8
LINEAR = 24.0
SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _best_of_five(work: Callable[[str], object], text: str) -> float:
    """The least CPU time of five runs, with the cyclic collector paused: its full
    collections walk everything earlier tests left in memory, a cost of the run, not of
    the code measured (at 512,000 words a name took 2.3 times as long with it on)."""
    best = float("inf")
    for _ in range(5):
        gc.disable()
        try:
            started = time.process_time()
            work(text)
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def growth(work: Callable[[str], object], chunk: str, *, floor: float = 0.02) -> float:
    """How much longer ``work`` takes on 8k copies of ``chunk`` than on k, with k large
    enough that k copies take at least ``floor`` seconds (or the text is 500 kB)."""
    copies = 50
    while _best_of_five(work, chunk * copies) < floor and len(chunk) * copies < 500_000:
        copies *= 2
    return _best_of_five(work, chunk * (FACTOR * copies)) / max(_best_of_five(work, chunk * copies), 1e-6)


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    maker = ProjectMaker(tmp_path_factory.mktemp("linear") / "project")
    return maker, pipeline.check(maker.project)


@pytest.mark.parametrize("work", [protected_ranges, code_ranges, inert_html, violations,
                                  lambda text: list(find_wikilinks(text))],
                         ids=["protected_ranges", "code_ranges", "inert_html", "check_violations", "wikilinks"])
@SETTINGS
@given(chunk=MARKDOWN)
def test_markdown_scans_are_linear(work, chunk):
    assert growth(work, chunk) < LINEAR


@SETTINGS
@given(chunk=MARKDOWN)
def test_rendering_a_definition_is_linear(glossary, chunk):
    _, model = glossary
    own = model.terms["optimizer"]
    assert growth(lambda text: resolve_links(model, text, "terms/optimizer.md", own=own), chunk) < LINEAR


@SETTINGS
@given(chunk=MARKDOWN)
def test_linking_a_post_is_linear(glossary, chunk):
    maker, _ = glossary
    catalog = load_catalog(maker.root)
    assert growth(lambda text: link_post(text, catalog, every_mention=True), chunk) < LINEAR


def test_a_twenty_thousand_line_definition_costs_ten_times_two_thousand(glossary):
    """(``check`` refuses a paragraph this long; the renderer must not depend on that.)"""
    _, model = glossary
    own = model.terms["optimizer"]
    lines = "".join(f"Line {n} of one paragraph mentions a base optimizer, `a tick and [a bracket.\n"
                    for n in range(20_000))
    def render(text: str) -> str:
        return resolve_links(model, text, "terms/optimizer.md", own=own)

    short = _best_of_five(render, lines[: len(lines) // 10])
    long = _best_of_five(render, lines)
    assert long / short < 10 * LINEAR / FACTOR  # linear: about 10, quadratic 100


def test_sources_are_split_and_searched_in_linear_time():
    chunk = "Post title\n\nA passage of the source with   odd  whitespace\nand a second line.\n\n"
    assert growth(lambda text: SourceText(text).find("a second line. Post title"), chunk) < LINEAR


def test_a_long_name_costs_linear_memory_and_time():
    def build(text: str) -> TermMatcher:
        return TermMatcher([(text, "long")])

    name = "word " * 2000
    assert growth(build, "word ") < LINEAR
    tracemalloc.start()
    build(name)
    small = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    build(name * 4)
    large = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert large / small < 6  # every prefix stored: 16


def test_matching_a_long_text_costs_linear_memory():
    matcher = TermMatcher([("base optimizer", "base-optimizer")])
    text = "some words of a post about a base optimizer\n" * 20_000
    tracemalloc.start()
    matcher.mentions(text, first_only=False)
    small = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    matcher.mentions(text * 4, first_only=False)
    large = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert large / small < 6
    assert large < 60 * len(text * 4)  # a tuple per word cost about 35 bytes a character
