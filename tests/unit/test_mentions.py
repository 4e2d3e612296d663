"""Where the sources name a term besides its quotes: found by the matcher that links the
source pages, shown on the term's page, in the book and in glossary.json; "no passage"
only where it is true."""

from __future__ import annotations

import re
from datetime import date

from mesa_glossary.core.project import Project
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.book import book_html
from mesa_glossary.render.exports import glossary_json
from mesa_glossary.render.pages import render_source, render_tags, render_term
from tests.support.projects import REPO, SEED

EXTRA = "\n\nA third passage: is a mesa optimiser an optimizer at all?\n"


def test_a_term_is_found_where_any_of_its_names_stands_outside_its_quotes(maker):
    maker.write("seeds/forum.txt", SEED + EXTRA)
    glossary = load_glossary(maker.project)
    optimizer = [(m.block.text.split()[0], m.written) for m in glossary.mentions_of(glossary.terms["optimizer"])]
    # "base optimizer" is the base optimizer's mention, not the optimizer's: the longest name wins.
    assert optimizer == [("When", "optimizer"), ("A", "optimizer")]
    mesa = glossary.mentions_of(glossary.terms["mesa-optimizer"])
    assert [m.written for m in mesa] == ["mesa optimiser"], "its quoted passage is not listed again"
    assert glossary.mentions_of(glossary.terms["base-optimizer"]) == []


def test_the_term_page_lists_the_mentions_and_says_no_passage_only_when_true(maker):
    maker.write("seeds/forum.txt", SEED + EXTRA)
    maker.term("gradient-hacking", "term: Gradient hacking\nshort: A model steering its own training.\n"
                                   "definition: When a model influences its own training.\ntags: [framework]\n"
                                   "references:\n  - title: Gradient hacking\n    url: https://example.org/gh\n")
    glossary = load_glossary(maker.project)
    optimizer = render_term(glossary, glossary.terms["optimizer"])
    assert "No passage is quoted for this term yet; these passages of the sources name it:" in optimizer
    anchor = next(b.anchor for b in glossary.sources["forum"].text.blocks if b.text.startswith("When"))
    assert re.search(rf"\(\.\./sources/forum\.md#{anchor}\) — “When the learned algorithm is also an "
                     r"<mark>optimizer</mark>\\, we call it a mesa\\-optimizer", optimizer)
    mesa = render_term(glossary, glossary.terms["mesa-optimizer"])
    assert "### Also mentioned in" in mesa and "<mark>mesa optimiser</mark>" in mesa
    hacking = render_term(glossary, glossary.terms["gradient-hacking"])
    assert "No passage of the source documents names this term; it is defined from the published work " \
           "under References." in hacking
    assert "same framework" not in hacking


def test_the_book_and_the_export_carry_the_mentions_too(maker):
    maker.write("seeds/forum.txt", SEED + EXTRA)
    glossary = load_glossary(maker.project)
    book = book_html(glossary, built=date(2026, 1, 1))
    assert "<h3>Mentioned in the sources</h3>" in book and "<h3>Also mentioned in</h3>" in book
    assert "<mark>mesa optimiser</mark>" in book
    exported = {term["slug"]: term for term in glossary_json(glossary)["terms"]}
    mention = exported["mesa-optimizer"]["mentions"][0]
    assert mention["source"] == "forum" and mention["text"] == "mesa optimiser"
    assert re.fullmatch(r"https://glossary\.test/sources/forum/#p-[0-9a-f]{8}", mention["passage_url"])


def test_no_page_of_the_real_glossary_says_no_passage_where_a_source_names_the_term():
    """An oracle apart from the matcher: each name, as words with spaces or hyphens between
    and an optional plural, searched in every passage; a hit inside another term's longer
    name (recursive quantilization) belongs to that term."""
    glossary = load_glossary(Project.at(REPO))
    for term in glossary.terms.values():
        if term.quotes or glossary.mentions_of(term):
            continue
        for source in glossary.sources.values():
            for block in source.text.blocks:
                taken = [(m.start, m.end) for m in glossary.matcher.mentions(block.text, first_only=False)]
                for name in term.names:
                    words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", name))
                    for hit in re.finditer(rf"(?<![\w-]){words}s?(?![\w-])", block.text, re.IGNORECASE):
                        assert any(start <= hit.start() and hit.end() <= end for start, end in taken), \
                            f"{term.slug}: '{hit.group()}' in {source.id}#{block.anchor}"


def test_a_term_page_lists_the_terms_whose_definitions_link_to_it(maker):
    maker.term("inner-search", "term: Inner search\nshort: Search inside a model.\ntags: [framework]\n"
                               "definition: What a mesa-optimizer does, unlike a mere optimizer.\n")
    glossary = load_glossary(maker.project)
    assert [t.slug for t in glossary.linked_from(glossary.terms["mesa-optimizer"])] == ["base-optimizer",
                                                                                       "inner-search"]
    assert [t.slug for t in glossary.linked_from(glossary.terms["optimizer"])] == ["inner-search"]
    assert glossary.linked_from(glossary.terms["inner-search"]) == []
    page = render_term(glossary, glossary.terms["optimizer"])
    assert "## Linked from\n" in page and '<li><a href="../inner-search/">Inner search</a>: Search inside a model.</li>' in page
    assert "## Linked from" not in render_term(glossary, glossary.terms["inner-search"])
    book = book_html(glossary, built=date(2026, 1, 1))
    assert '<span class="label">Linked from</span> <a class="term-link" href="mesa-glossary-book:term-inner-search">' in book


def test_the_tags_page_and_the_book_say_what_each_family_holds(maker):
    glossary = load_glossary(maker.project)
    assert "The vocabulary of learned optimization\\.\n{: .mg-tag-description }" in render_tags(glossary)
    book = book_html(glossary, built=date(2026, 1, 1))
    assert "<dt>framework</dt>\n<dd>The vocabulary of learned optimization. (3 terms)</dd>" in book


def test_a_source_is_shown_by_what_it_holds_never_by_its_file_name(maker):
    glossary = load_glossary(maker.project)
    page = render_source(glossary, glossary.sources["forum"])
    assert "2 posts, 2 passages · 2 quoted passages" in page
    assert "forum.txt" not in page and "forum.txt" not in book_html(glossary, built=date(2026, 1, 1))


def test_a_reference_may_say_where_in_the_work(maker):
    maker.term("optimizer", "term: Optimizer\nshort: A system that searches.\ndefinition: Anything that searches.\n"
                            "tags: [framework]\nreferences:\n  - title: Risks from Learned Optimization\n"
                            "    url: https://arxiv.org/abs/1906.01820\n    locator: \"§1\"\n")
    glossary = load_glossary(maker.project)
    assert "- [Risks from Learned Optimization](<https://arxiv.org/abs/1906.01820>), §1\n" in \
        render_term(glossary, glossary.terms["optimizer"])
    assert '<span class="reference-title">Risks from Learned Optimization</span>, §1 <a class="url"' in \
        book_html(glossary, built=date(2026, 1, 1))
    exported = {term["slug"]: term for term in glossary_json(glossary)["terms"]}
    assert exported["optimizer"]["references"][0]["locator"] == "§1"
    maker.term("optimizer", "term: Optimizer\nshort: A system that searches.\ndefinition: Anything that searches.\n"
                            "tags: [framework]\nreferences:\n  - title: A\n    url: https://a.org/\n"
                            f"    locator: {'x' * 41}\n")
    assert maker.errors() == ["glossary/terms/optimizer.yaml:8:14: error: 'references[0].locator' is 41 characters; the limit is 40"]
