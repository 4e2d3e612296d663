"""Each term's dates from git, the "Cite this term" section, the Recent changes page and
its Atom feed: right where there is history, silent where there is none, and safe with
hostile names."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from xml.etree import ElementTree

from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.changes import ATOM, atom_feed, render_changes
from mesa_glossary.render.citation import cite, csl_json
from mesa_glossary.render.exports import glossary_json
from mesa_glossary.render.pages import render_term

HOSTILE = 'A {nasty} <b>bold</b> & 100% $x_1$ ~ ^ # \\ name ```'


def _git(root, *args: str, date: str = "2026-01-02T03:04:05+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Ed",
           "GIT_AUTHOR_EMAIL": "ed@example.org", "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _history_project(maker):
    root = maker.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first", date="2026-01-02T03:04:05+02:00")
    optimizer = (root / "glossary/terms/optimizer.yaml").read_text(encoding="utf-8")
    (root / "glossary/terms/optimizer.yaml").write_text(optimizer.replace("searches", "searches well"),
                                                          encoding="utf-8")
    _git(root, "mv", "glossary/terms/base-optimizer.yaml", "glossary/terms/base-optimiser.yaml")
    _git(root, "commit", "-q", "-am", "second", date="2026-03-04T05:06:07+00:00")
    return maker


def test_dates_come_from_the_first_and_last_commit_of_each_term_file(maker):
    _history_project(maker)
    text = (maker.root / "glossary/terms/base-optimiser.yaml").read_text(encoding="utf-8")
    (maker.root / "glossary/terms/base-optimiser.yaml").write_text(text.replace("slug: base-optimizer\n", ""),
                                                                    encoding="utf-8")
    glossary = load_glossary(maker.project, history=True)
    first, second = datetime(2026, 1, 2, 1, 4, 5, tzinfo=UTC), datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert glossary.history["mesa-optimizer"].published == first == glossary.history["mesa-optimizer"].changed
    assert (glossary.history["optimizer"].published, glossary.history["optimizer"].changed) == (first, second)
    # A renamed file keeps the date it was first published under its old name.
    assert glossary.history["base-optimiser"].published == first
    assert [(change.date, change.added, change.changed) for change in glossary.changes] == [
        (second, (), ("base-optimiser", "optimizer")), (first, ("mesa-optimizer", "optimizer"), ())]
    assert load_glossary(maker.project).history == {}, "checking does without the history"


def test_without_git_or_in_a_shallow_clone_there_are_no_dates_and_nothing_false(maker, tmp_path):
    glossary = load_glossary(maker.project, history=True)  # not a git checkout
    assert glossary.history == {} and glossary.changes == []
    page = render_term(glossary, glossary.terms["optimizer"])
    assert "## Cite this term" in page and "First published" not in page
    assert "(n.d.)" in cite(glossary, glossary.terms["optimizer"]).reference_html
    assert "without its history" in render_changes(glossary)
    feed = ElementTree.fromstring(atom_feed(glossary))
    assert feed.findall(f"{{{ATOM}}}entry") == []
    _history_project(maker)
    _git(maker.root, "commit", "-q", "--allow-empty", "-m", "third")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{maker.root}", str(clone)], check=True,
                   capture_output=True)
    from mesa_glossary.core.project import Project  # noqa: PLC0415 - only this test needs a second project
    assert load_glossary(Project.at(clone), history=True).history == {}


def test_cite_this_term_gives_a_reference_bibtex_and_csl_json_for_the_version(maker):
    _history_project(maker)
    glossary = load_glossary(maker.project, history=True)
    citation = cite(glossary, glossary.terms["optimizer"])
    assert citation.reference_html == (
        'Test Glossary. (2026). Optimizer. In <i>Test Glossary</i>. '
        '<a href="https://glossary.test/terms/optimizer/">https://glossary.test/terms/optimizer/</a>')
    assert citation.bibtex == ("@misc{test-glossary:optimizer,\n  author = {{Test Glossary}},\n  title = {Optimizer},\n"
                               "  howpublished = {Test Glossary},\n  year = {2026},\n  month = mar,\n"
                               "  note = {Version of 2026-03-04},\n  url = {https://glossary.test/terms/optimizer/},\n}")
    assert json.loads(csl_json(citation)) == [{
        "id": "optimizer", "type": "entry-dictionary", "title": "Optimizer", "author": [{"literal": "Test Glossary"}],
        "container-title": "Test Glossary", "URL": "https://glossary.test/terms/optimizer/",
        "issued": {"date-parts": [[2026, 3, 4]]}}]
    page = render_term(glossary, glossary.terms["optimizer"])
    assert "This version: 4 March 2026. First published 2 January 2026." in page
    exported = {term["slug"]: term for term in glossary_json(glossary)["terms"]}
    assert exported["optimizer"]["history"] == {"published": "2026-01-02T01:04:05+00:00",
                                                "changed": "2026-03-04T05:06:07+00:00"}
    assert glossary_json(glossary)["changes"][0]["changed"] == ["base-optimiser", "optimizer"]


def test_a_hostile_name_is_text_in_the_reference_bibtex_and_the_code_blocks(maker):
    maker.term("optimizer", f"term: '{HOSTILE}'\nshort: A system.\ndefinition: Anything.\ntags: [framework]\n")
    glossary = load_glossary(maker.project)
    citation = cite(glossary, glossary.terms["optimizer"])
    assert "<b>" not in citation.reference_html and "&lt;b&gt;bold&lt;/b&gt; &amp; 100%" in citation.reference_html
    title = next(line for line in citation.bibtex.splitlines() if line.startswith("  title"))
    assert title == ("  title = {A \\{nasty\\} <b>bold</b> \\& 100\\% \\$x\\_1\\$ \\textasciitilde{} "
                     "\\textasciicircum{} \\# \\textbackslash{} name ```},")
    page = render_term(glossary, glossary.terms["optimizer"])
    assert "\n````bibtex\n" in page and "\n````json\n" in page, "the fences outrun the name's backticks"


def test_the_changes_page_groups_by_day_and_the_feed_is_atom(maker):
    _history_project(maker)
    glossary = load_glossary(maker.project, history=True)
    page = render_changes(glossary)
    assert page.index("## 4 March 2026") < page.index("## 2 January 2026")
    assert "- Changed: [Base optimizer](terms/base-optimiser.md), [Optimizer](terms/optimizer.md)\n" in page
    assert "[Atom feed](changes.xml)" in page
    feed = ElementTree.fromstring(atom_feed(glossary))
    assert feed.find(f"{{{ATOM}}}updated").text == "2026-03-04T05:06:07+00:00"
    entries = feed.findall(f"{{{ATOM}}}entry")
    assert [entry.find(f"{{{ATOM}}}title").text for entry in entries] == [
        "Changed: Base optimizer", "Changed: Optimizer", "Added: Mesa-optimizer", "Added: Optimizer"]
    first = entries[0]
    assert first.find(f"{{{ATOM}}}link").get("href") == "https://glossary.test/terms/base-optimiser/"
    assert len({entry.find(f"{{{ATOM}}}id").text for entry in entries}) == len(entries), "ids are unique"
