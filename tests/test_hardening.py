"""Hostile and malformed input: every text field is shown, never run, and bad slugs are named.

The property tests generate entries: valid ones always check and render; broken ones
always give ``path:line:col: error:`` lines and never a traceback.
"""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import GlossaryError
from tests.conftest import REPO, SEED, ProjectMaker

#: What an attacker would put in a field: each must come out as text on every page.
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'
_RAW_TAG = re.compile(r"<script>alert|<img src=x onerror")


def _hostile_project(root: Path) -> ProjectMaker:
    maker = ProjectMaker(root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for part in ("docs",):  # the pages the navigation names
        shutil.copytree(REPO / part, root / part, dirs_exist_ok=True)
    maker.write("docs/index.md", "# Home\n\nSee the [A–Z index](terms/index.md).\n")  # ours links our terms
    seed = SEED + "\nHostile title " + HOSTILE.replace('"', "") + "\n\nA passage quoting " + HOSTILE + " verbatim.\n"
    maker.write("seeds/forum.txt", seed)
    text = HOSTILE.replace("'", "''")
    maker.write("glossary/site.yaml", f"title: 'Glossary {text}'\nurl: https://glossary.test/\n"
                                      f"description: 'About {text}'\npublisher: 'The {text} team'\n")
    maker.write("glossary/sources.yaml", f"- id: forum\n  file: forum.txt\n  title: 'Forum {text}'\n"
                                         f"  author: 'Ann {text}'\n  description: 'Comments {text}'\n")
    maker.term("optimizer", f"""\
        term: 'Optimizer {text}'
        aliases: ['opt {text}']
        short: 'A system that searches {text}'
        definition: 'Anything {text} that searches.'
        tags: [framework]
        quotes:
          - source: forum
            text: 'A passage quoting {text} verbatim.'
            note: 'A note {text}'
        references:
          - title: 'A paper {text}'
            url: https://example.org/paper
        """)
    return maker


def test_html_in_any_text_field_is_shown_never_run(tmp_path):
    maker = _hostile_project(tmp_path / "project")
    _, site = pipeline.build(maker.project, downloads=False)
    pages = [path for path in site.rglob("*") if path.suffix in {".html", ".js", ".json", ".jsonld", ".xml"}]
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            assert not _RAW_TAG.search(text), f"{path.relative_to(site)} lets glossary text run as HTML"
        if path.name == "glossary-cards.js":
            assert "</script" not in text
    page = (site / "terms" / "optimizer" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_search_results_show_hostile_text_as_text(tmp_path):
    """Material prints search titles and excerpts as HTML: what Pagefind found must be escaped."""
    from playwright.sync_api import expect

    from tests.browser import chromium, serve_folder

    maker = _hostile_project(tmp_path / "project")
    _, site = pipeline.build(maker.project, downloads=False)
    with serve_folder(site) as base, chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "terms/optimizer/", wait_until="networkidle")
        page.locator("input.md-search__input").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
        page.keyboard.type("onerror")
        results = page.locator(".md-search-result__list")
        expect(results.locator("h1").first).to_contain_text("<script>alert", timeout=10_000)
        assert results.locator("script, img").count() == 0
        excerpts = results.locator("article > p").all_inner_texts()
        assert any("<img src=x onerror=alert(1)>" in excerpt for excerpt in excerpts), excerpts  # as written
        assert not any("&lt;" in excerpt or "&amp;" in excerpt for excerpt in excerpts), excerpts
    assert dialogs == []


def test_the_pdf_shows_hostile_text_as_text(tmp_path):
    from mesa_glossary.render.book import book_html

    maker = _hostile_project(tmp_path / "project")
    html = book_html(pipeline.check(maker.project), built=__import__("datetime").date(2026, 1, 1))
    assert not _RAW_TAG.search(html)


@pytest.mark.parametrize("slug", ["../escape", "a/b", "two words", "ünïcode", "UPPER", "-lead", "double--hyphen"])
def test_bad_slugs_in_relations_are_named(maker, slug):
    maker.term("optimizer", f"term: Optimizer\nshort: Searches.\ndefinition: Anything.\ntags: [framework]\n"
                            f"related: ['{slug}']\n")
    (error,) = maker.errors()
    assert error.startswith("glossary/terms/optimizer.yaml:5:11: error: 'related[0]'")
    assert "is not valid: use lower-case letters, digits and hyphens" in error


@pytest.mark.parametrize("name", ["-lead.yaml", "two words.yaml", "ünïcode.yaml", "a..b.yaml"])
def test_bad_file_names_are_named(maker, name):
    maker.write(f"glossary/terms/{name}", "term: X\n")
    (error,) = maker.errors()
    assert error.startswith(f"glossary/terms/{name}:1:1: error: file name '{name}' is not a valid slug")


# ---- Property tests ----

_WORDS = st.text(alphabet=string.ascii_letters + " -'", min_size=1, max_size=24).filter(lambda s: s.strip(" -'"))
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(str.strip)


def _yaml_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=_WORDS, short=_TEXT.filter(lambda s: "\n" not in s and len(s.strip()) <= 200), definition=_TEXT,
       aliases=st.lists(_WORDS, max_size=3, unique_by=lambda s: s.casefold()))
def test_valid_entries_always_check_and_render(maker, name, short, definition, aliases):
    entry = (f"term: {_yaml_string('Zz ' + name)}\nshort: {_yaml_string(short)}\n"
             f"definition: {_yaml_string(definition)}\ntags: [framework]\n")
    if aliases:
        entry += "aliases: [" + ", ".join(_yaml_string("Zz " + alias + " alt") for alias in aliases) + "]\n"
    maker.term("generated", entry)
    try:
        glossary = pipeline.check(maker.project)
    except GlossaryError as error:  # only a clash of generated names may stop a valid entry
        assert all("collides with" in d.message or "has no letters" in d.message for d in error.diagnostics), error
        return
    assert "generated" in glossary.terms
    pipeline.render(maker.project)


_DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (error|warning): .+")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_entries_give_error_lines_never_a_traceback(maker, data):
    valid = (REPO / "glossary" / "terms" / "mesa-optimizer.yaml").read_bytes()
    mutation = data.draw(st.sampled_from(["cut", "insert", "replace", "bytes"]))
    position = data.draw(st.integers(0, len(valid)))
    if mutation == "cut":
        broken = valid[:position]
    elif mutation == "insert":
        broken = valid[:position] + data.draw(st.sampled_from(
            [b"\t", b":", b"- ", b"!!python/object:os.system ", b"&a ", b"*a ", b"\n  x: [", b"{", b"'", b"\xff\xfe"]
        )) + valid[position:]
    elif mutation == "replace":
        broken = valid[:position] + data.draw(st.binary(max_size=12)) + valid[position + 4:]
    else:
        broken = data.draw(st.binary(max_size=200))
    maker.term("optimizer", broken)
    try:
        pipeline.check(maker.project)
    except GlossaryError as error:
        lines = [str(diagnostic) for diagnostic in error.diagnostics]
        assert lines and all(_DIAGNOSTIC.match(line) for line in lines), lines


def test_a_synthetic_glossary_is_valid_and_renders(tmp_path):
    from benchmarks.synthetic import write_project

    project = write_project(tmp_path / "synthetic", 60, template=REPO)
    glossary = pipeline.check(project)
    assert len(glossary.terms) == 60 and sum(len(term.quotes) for term in glossary.terms.values()) == 60
    assert any(term.broader for term in glossary.terms.values()) and any(t.aliases for t in glossary.terms.values())
    assert write_project(tmp_path / "again", 60, template=REPO).terms_dir.joinpath(
        sorted(p.name for p in project.terms_dir.iterdir())[0]).read_text() == \
        sorted(project.terms_dir.iterdir())[0].read_text(), "the same seed writes the same project"
    pipeline.render(project)
