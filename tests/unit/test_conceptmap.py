"""Concept maps drawn by Graphviz at render time."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import page_url
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render import conceptmap
from mesa_glossary.render.conceptmap import lay_out, map_specs
from mesa_glossary.render.pages import family_map_key, render_map_page, terms_by_tag
from tests.support.projects import REPO


def test_page_urls_are_the_directory_urls_the_site_serves():
    assert page_url("terms/a.md", "terms/b.md") == "../b/"
    assert page_url("map.md", "terms/b.md") == "../terms/b/"
    assert page_url("terms/index.md", "terms/b.md") == "b/"
    assert page_url("index.md", "map.md") == "map/"
    assert page_url("terms/a.md", "terms/a.md") == "./"


def test_the_copy_read_from_disk_links_html_files():
    assert page_url("terms/a.md", "terms/b.md", html_files=True) == "b.html"
    assert page_url("map.md", "terms/b.md", html_files=True) == "terms/b.html"
    assert page_url("terms/index.md", "terms/b.md", html_files=True) == "b.html"
    assert page_url("index.md", "map.md", html_files=True) == "map.html"


def test_every_map_links_its_terms(maker, tmp_path):
    glossary = load_glossary(maker.project)
    maps = lay_out(map_specs(glossary), tmp_path / "cache")
    assert set(maps) == {"map", "terms/mesa-optimizer.md", "terms/base-optimizer.md", "terms/optimizer.md"}
    full = maps["map"]
    assert full.startswith('<svg role="group" aria-label="Concept map of every term"')
    for slug in glossary.terms:
        assert f'href="../terms/{slug}/"' in full
    around = maps["terms/optimizer.md"]
    assert '<a href="./"' in around  # the term itself, highlighted
    assert 'class="node mg&#45;node mg&#45;centre mg&#45;tag&#45;framework"' in around  # no colour: a neighbourhood
    assert '<a href="../mesa-optimizer/"' in around and '<a href="../base-optimizer/"' in around
    assert "<?xml" not in full and "<title>" not in full and "\n\n" not in full


def test_layouts_come_from_the_cache_when_nothing_changed(maker, tmp_path):
    glossary = load_glossary(maker.project)
    first = lay_out(map_specs(glossary), tmp_path / "cache")
    # With no Graphviz at all, only the cache can answer.
    assert lay_out(map_specs(glossary), tmp_path / "cache", dot="no-such-graphviz-dot") == first


def test_a_large_glossary_maps_each_family_small_enough_to_read():
    glossary = load_glossary(Project.at(REPO))
    families = terms_by_tag(glossary)
    limit = sorted(len(terms) for terms in families.values())[len(families) // 2]
    maps = lay_out(map_specs(glossary, full_map_limit=limit), None)
    page = render_map_page(glossary, maps)
    sections = dict(section.split("\n", 1) for section in page.split("\n## ")[1:])
    for tag, terms in families.items():
        section = next(text for heading, text in sections.items() if heading.endswith(f"{{ #tag-{tag} }}"))
        assert (family_map_key(tag) in maps) == (len(terms) <= limit) == ("<svg" in section)
        assert (f"(tags.md#tag-{tag}) are too many for one readable map" in section) == (len(terms) > limit)
    assert any(len(terms) > limit for terms in families.values())
    assert "Every box links to its term" in page  # the legend, for the maps there are
    no_maps = render_map_page(glossary, lay_out(map_specs(glossary, full_map_limit=0), None))
    assert "Every box links" not in no_maps and "Every family of terms is too large" in no_maps


def test_many_maps_are_laid_out_by_one_dot_per_core_in_their_order(maker, tmp_path):
    glossary = load_glossary(maker.project)
    specs = [replace(spec, key=f"{copy}/{spec.key}")  # the same maps many times over
             for copy in range(conceptmap.DOT_GRAPHS_PER_PROCESS) for spec in map_specs(glossary)]
    calls = tmp_path / "calls"  # a dot that notes how many graphs each run is given
    counting = tmp_path / "dot"
    counting.write_text(f"#!/bin/sh\nset -e\ninput=$(cat)\nprintf '%s' \"$input\" | grep -c '^digraph' >> {calls}\n"
                        f"printf '%s' \"$input\" | {shutil.which('dot')} \"$@\"\n", encoding="utf-8")
    counting.chmod(0o755)
    maps = lay_out(specs, None, dot=str(counting), processes=2)
    counts = sorted(int(line) for line in calls.read_text().split())
    assert counts == [len(specs) // 2, len(specs) - len(specs) // 2]
    for spec in specs[: len(specs) // conceptmap.DOT_GRAPHS_PER_PROCESS]:
        assert lay_out([spec], None)[spec.key] == maps[spec.key]  # the same map, however they were shared out


def test_a_missing_graphviz_is_a_clear_error(maker):
    glossary = load_glossary(maker.project)
    with pytest.raises(ToolError, match=r"error: Graphviz's 'dot' is needed .*apt-get install graphviz"):
        lay_out(map_specs(glossary), None, dot="no-such-graphviz-dot")
