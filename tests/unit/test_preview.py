"""The preview's docs tree after each edit: the same as the tree made whole, made from less.

``serve`` renders again only what an edit reached (publish/preview.py); these tests hold
it to the tree a build would make of the edited project, edit after edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import write_project
from mesa_glossary.core.project import Project
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.publish.preview import PreviewTree, TreeUpdate, changed_terms
from mesa_glossary.publish.tree import docs_tree
from mesa_glossary.render.cards import carried_slugs, replace_cards, without_cards
from tests.support.projects import REPO


def _edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit of {path.name} changed nothing"
    path.write_text(changed, encoding="utf-8")


def _field(name: str, value: str) -> Callable[[str], str]:
    """Replace a term file's top-level field (one line)."""
    return lambda text: re.sub(rf"(?m)^{name}: .*$", lambda _: f"{name}: {value}", text, count=1)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return write_project(tmp_path_factory.mktemp("preview") / "glossary", 40, template=REPO)


def _update(tree: PreviewTree, project: Project) -> tuple[TreeUpdate, dict[str, bytes]]:
    """The preview's update after an edit, and the tree a build makes of the project as it now is."""
    update = tree.update(load_glossary(project, history=True))
    return update, docs_tree(project, load_glossary(project, history=True), preview=True)


def test_after_every_edit_the_preview_has_the_tree_a_build_makes(project):
    terms = sorted(path.stem for path in project.terms_dir.glob("*.yaml"))
    edited, other, third = (project.terms_dir / f"{slug}.yaml" for slug in terms[:3])
    narrower = next(path for path in (project.terms_dir / f"{slug}.yaml" for slug in terms[3:])
                    if "\nbroader: " in path.read_text(encoding="utf-8"))
    tree = PreviewTree(project)
    first = tree.update(load_glossary(project, history=True))
    assert first.changed == first.files.keys() and first.paths_changed
    before = first.files
    edits: list[tuple[str, Path, Callable[[str], str]]] = [
        ("summary", edited, _field("short", "'Edited: a summary that every page listing the term shows.'")),
        ("link added", edited, _field("definition", f"'Now it links [[{other.stem}]] and [[{third.stem}]].'")),
        ("link removed", edited, _field("definition", f"'Only [[{third.stem}]] now.'")),
        ("related", edited, lambda text: re.sub(r"(?m)^related: .*\n", "", text) + f"related: [{other.stem}]\n"),
        # its broader term's entry of the exports loses it, though that term was not edited
        ("broader removed", narrower, lambda text: re.sub(r"(?m)^broader: .*\n", "", text)),
        ("tags", other, _field("tags", "[theory, data]")),
        ("quote note", third, lambda text: text.rstrip("\n") + "\n    note: Said in passing.\n"),
        ("name", third, _field("term", "'Renamed term'")),
        ("hand-written page", project.docs_dir / "about.md",
         lambda text: text + f"\nSee [the edited term](terms/{edited.stem}.md).\n"),
    ]
    for what, path, change in edits:
        _edit(path, change)
        update, whole = _update(tree, project)
        assert update.files == whole, f"after the {what} edit the preview differs from a build"
        assert list(update.files) == list(whole), "the pages keep their order (the navigation's, the sitemap's)"
        assert update.changed == {path for path, content in whole.items() if before.get(path) != content}, what
        assert not update.paths_changed, what
        before = update.files


def test_a_summary_edit_changes_only_the_pages_that_show_the_term(project):
    tree = PreviewTree(project)
    tree.update(load_glossary(project, history=True))
    glossary = load_glossary(project, history=True)
    term = glossary.sorted_terms()[5]
    _edit(term.path, _field("short", "'A summary edited for the test.'"))
    update, whole = _update(tree, project)
    assert update.files == whole
    shown = {path for path, content in whole.items() if path.endswith(".md") and "A summary edited for the test" in
             content.decode("utf-8")}
    pages = {path for path in update.changed if path.endswith(".md")}
    assert f"terms/{term.slug}.md" in pages and "terms/index.md" in pages and "tags.md" in pages
    assert shown <= pages, "every page that shows the summary (its card's included) is rebuilt"
    assert len(pages) < len(glossary.terms) / 2, "pages that do not show the term are left alone"


def test_a_term_added_or_removed_makes_the_tree_whole(tmp_path):
    project = write_project(tmp_path / "glossary", 12, template=REPO)
    tree = PreviewTree(project)
    tree.update(load_glossary(project, history=True))
    added = project.terms_dir / "a-new-term.yaml"
    added.write_text("term: A new term\nshort: Added while the preview runs.\ndefinition: Nothing yet.\n"
                     "tags: [theory]\n", encoding="utf-8")
    update, whole = _update(tree, project)
    assert update.files == whole and update.paths_changed and "terms/a-new-term.md" in update.changed
    added.unlink()
    update, whole = _update(tree, project)
    assert update.files == whole and update.paths_changed


def test_what_counts_as_an_edit_to_terms(tmp_path):
    project = write_project(tmp_path / "glossary", 12, template=REPO)
    before = load_glossary(project)
    assert changed_terms(None, before) is None, "the first tree is made whole"
    assert changed_terms(before, before) == set() and changed_terms(before, load_glossary(project)) == set()
    term = sorted(project.terms_dir.glob("*.yaml"))[3]
    _edit(term, _field("short", "'Changed.'"))
    assert changed_terms(before, load_glossary(project)) == {term.stem}
    _edit(term, lambda text: text.replace("aliases: [", "aliases: ['Another name', ") if "aliases:" in text
          else text + "aliases: ['Another name']\n")
    assert changed_terms(before, load_glossary(project)) is None, "names link every page: all of them change"
    _edit(project.site_file, lambda text: text.replace("title: ", "title: Edited "))
    assert changed_terms(before, load_glossary(project)) is None


def test_pages_whose_only_change_is_their_cards_are_told_apart(project):
    tree = PreviewTree(project)
    before = tree.update(load_glossary(project, history=True)).files
    term = load_glossary(project).sorted_terms()[7]
    _edit(term.path, _field("short", "'A summary with </script><!-- in it.'"))
    update, whole = _update(tree, project)
    assert update.files == whole
    assert update.cards_only, "the pages that link the term carry its card, and nothing else of it"
    assert set(update.cards_only) <= update.changed
    assert f"terms/{term.slug}.md" not in update.cards_only, "the term's own page shows the summary"
    for path, element in update.cards_only.items():
        old, new = before[path].decode("utf-8"), update.files[path].decode("utf-8")
        assert replace_cards(old, element) == new, path
        assert "</script><!--" not in element and term.slug in carried_slugs(new)
    for path in update.changed - set(update.cards_only):
        if path.endswith(".md") and path in before:
            assert without_cards(before[path].decode("utf-8"))[0] != without_cards(update.files[path].decode())[0]


def test_a_cards_element_is_replaced_only_where_a_page_has_exactly_one():
    element = '<script type="application/json" id="mg-cards">{"a":{"name":"A"}}</script>'
    new = '<script type="application/json" id="mg-cards">{}</script>'
    page = f"<main><p>Text</p>{element}</main>"
    assert replace_cards(page, new) == f"<main><p>Text</p>{new}</main>"
    assert replace_cards("<main></main>", new) is None
    assert replace_cards(page + element, new) is None, "a page that shows a second one cannot tell which is its own"
    markdown = f"# Page\n\nShown in the text: `{element}`\n\n{element}\n"
    assert without_cards(markdown) == (f"# Page\n\nShown in the text: `{element}`\n\n", element)
    assert without_cards("# Page\n") == ("# Page\n", "")
    assert without_cards(f"{element}\n\nText after it") == (f"{element}\n\nText after it", ""), \
        "only the element a page ends with is its cards"
    assert carried_slugs(markdown) == {"a"} and carried_slugs("# Page") == frozenset()
