"""The real glossary, built with MkDocs in strict mode, and what a failed build leaves."""

from __future__ import annotations

import re

from mesa_glossary import pipeline
from mesa_glossary.cli import main
from mesa_glossary.load.schema import schema_documents
from mesa_glossary.load.validate import load_glossary
from tests.support.projects import REPO, copy_project
from tests.support.site import broken_links


def test_every_term_and_source_has_a_page(built):
    project, site = built
    glossary = pipeline.check(project)
    for slug in glossary.terms:
        assert (site / "terms" / slug / "index.html").is_file()
    for source_id in glossary.sources:
        assert (site / "sources" / source_id / "index.html").is_file()
    index = (site / "terms" / "index.html").read_text(encoding="utf-8")
    concept_map = (site / "map" / "index.html").read_text(encoding="utf-8")
    for term in glossary.terms.values():
        assert f'href="{term.slug}/"' in index
        assert f'<a href="../terms/{term.slug}/"' in concept_map


def test_term_page_html(built):
    _, site = built
    html = (site / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="mesa-optimizer">Mesa-optimizer<a class="headerlink"' in html
    assert 'href="../base-optimizer/"' in html       # [[base-optimizer]] resolved
    assert 'class="mg-quote"' in html
    assert re.search(r'href="\.\./\.\./sources/[a-z0-9-]+/#p-[0-9a-f]{8}"', html)




def test_every_internal_link_and_anchor_resolves(built):
    _, site = built
    assert broken_links(site) == []


def test_source_pages_highlight_every_quote(built):
    project, site = built
    glossary = pipeline.check(project)
    for source in glossary.sources.values():
        html = (site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        quotes = glossary.quotes_from(source)
        assert html.count('class="mg-quoted-by"') == len({quote.span.end for _, quote in quotes})
        for term, quote in quotes:
            assert f'id="{quote.anchor}"' in html
            assert f'href="../../terms/{term.slug}/"' in html


def test_source_text_comes_out_literally(built):
    _, site = built
    html = (site / "sources" / "jacob-hilton-comments" / "index.html").read_text(encoding="utf-8")
    assert "the model does $bad_thing with probability" in html
    assert "some rare \\$bad_thing" in html
    assert "f(x) = (x &amp; 1)" in (site / "sources" / "mats-and-speed-prior-comments" / "index.html").read_text()


def test_no_page_loads_anything_from_another_host(built):
    _, site = built
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"|<link(?![^>]*rel="canonical")[^>]+href="([^"]+)"', html)
        assert [url for pair in loads for url in pair if re.match(r"(?:[a-z]+:)?//", url)] == [], path


def test_schema_files_published_and_committed_in_sync(built):
    _, site = built
    for relative, text in schema_documents().items():
        assert (REPO / relative).read_text(encoding="utf-8") == text, f"run 'make schema' to update {relative}"
        assert (site / relative).read_text(encoding="utf-8") == text


def test_a_failed_check_leaves_the_site_untouched(tmp_path, capsys):
    project = copy_project(tmp_path)
    assert main(["build", "--site-only", str(project.root)]) == 0
    before = {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    term = project.terms_dir / "mesa-optimizer.yaml"
    term.write_text(term.read_text(encoding="utf-8").replace("mesa-optimizer.", "mesa-optimiser."), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--site-only", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"mesa-optimizer\.yaml:\d+:\d+: error: quote not found", err)
    after = {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".site.*"))


def test_a_failed_mkdocs_build_leaves_the_site_untouched(tmp_path, capsys):
    project = copy_project(tmp_path)
    assert main(["build", "--site-only", str(project.root)]) == 0
    before = {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    (project.docs_dir / "about.md").write_text("# About\n\n[broken](missing-page.md)\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--site-only", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert "missing-page.md" in err
    assert "the previous pages and site stay as they were" in err
    assert {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site.*"))


def test_a_failed_search_index_leaves_the_site_untouched(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path)
    assert main(["build", "--site-only", str(project.root)]) == 0
    before = {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()}
    broken = tmp_path / "broken-pagefind"  # Pagefind's wrapper runs whatever this names
    broken.write_text("#!/bin/sh\necho 'Error: could not read the site' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    capsys.readouterr()
    assert main(["build", "--site-only", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert "error: Pagefind could not index the site: " in err
    assert len(err.splitlines()) < 5
    assert {p: p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site.*"))


def test_no_page_names_a_source_by_its_file(built):
    project, site = built
    names = [source.path.name for source in load_glossary(project).sources.values()]
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [name for name in names if name in text], path
