"""A "usage differs" note: where authors use a term differently, the entry names each sense,
who uses it and the work where they do; the page, the book and both exports show it."""

from __future__ import annotations

from datetime import date

from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.book import book_html
from mesa_glossary.render.exports import glossary_json, glossary_jsonld
from mesa_glossary.render.pages import render_term

HEAD = "term: Optimizer\nshort: A system that searches.\ndefinition: Anything that searches.\ntags: [framework]\n"
TWO_SENSES = """senses:
  - by: Hubinger et al. (2019)
    meaning: Something that searches internally, by an objective it represents.
    reference:
      title: Risks from Learned Optimization
      url: https://arxiv.org/abs/1906.01820
      locator: "§1.1"
  - by: Demski (2020)
    meaning: Also a controller that steers <without> search.
    reference:
      title: Mesa-Search vs Mesa-Control
      url: https://www.alignmentforum.org/posts/WmBukJkEFM72Xr397/mesa-search-vs-mesa-control
"""


def test_each_sense_is_shown_with_who_and_where_on_the_page_in_the_book_and_in_the_exports(maker):
    maker.term("optimizer", HEAD + TWO_SENSES)
    glossary = load_glossary(maker.project)
    page = render_term(glossary, glossary.terms["optimizer"])
    assert "## Usage differs\n" in page
    assert ("- **Hubinger et al\\. \\(2019\\)**: Something that searches internally\\, by an objective it represents\\. "
            "([Risks from Learned Optimization](<https://arxiv.org/abs/1906.01820>), §1\\.1)\n") in page
    # The meaning is text, not markup: its angle brackets are escaped, never a tag.
    assert "steers \\<without\\> search" in page
    assert page.index("## Usage differs") < page.index("## In the sources")

    book = book_html(glossary, built=date(2026, 1, 1))
    assert "<h3>Usage differs</h3>" in book
    assert ("<li><b>Demski (2020)</b>: Also a controller that steers &lt;without&gt; search. — "
            '<span class="reference-title">Mesa-Search vs Mesa-Control</span> <a class="url"') in book

    exported = glossary_json(glossary)
    assert exported["version"] == "1.3"
    senses = {term["slug"]: term["senses"] for term in exported["terms"]}
    assert senses["optimizer"][0] == {"by": "Hubinger et al. (2019)",
                                      "meaning": "Something that searches internally, by an objective it represents.",
                                      "reference": {"title": "Risks from Learned Optimization",
                                                    "url": "https://arxiv.org/abs/1906.01820", "locator": "§1.1"}}
    assert senses["base-optimizer"] == [], "a term where usage agrees exports an empty list"
    concepts = {node["@id"]: node for node in glossary_jsonld(exported)["@graph"]}
    optimizer = next(node for node in concepts.values() if node.get("notation") == "optimizer")
    assert optimizer["scopeNote"][1] == "Demski (2020): Also a controller that steers <without> search."


def test_a_term_without_differing_usage_has_no_note(maker):
    glossary = load_glossary(maker.project)
    assert "Usage differs" not in render_term(glossary, glossary.terms["optimizer"])
    assert "<h3>Usage differs</h3>" not in book_html(glossary, built=date(2026, 1, 1))


def test_a_usage_note_needs_two_senses_each_with_who_what_and_a_reference(maker):
    one = TWO_SENSES.split("  - by: Demski")[0]
    maker.term("optimizer", HEAD + one)
    assert maker.errors() == ["glossary/terms/optimizer.yaml:6:3: error: 'senses' needs at least 2 item(s)"]
    maker.term("optimizer", HEAD + TWO_SENSES.replace("    meaning: Also a controller that steers <without> search.\n", ""))
    assert maker.errors() == ["glossary/terms/optimizer.yaml:12:5: error: missing required field 'meaning' in "
                              "'senses[1]'"]
    maker.term("optimizer", HEAD + TWO_SENSES.replace("https://www.alignmentforum", "javascript:alert(1)//www"))
    assert [error.split(": error: ")[1] for error in maker.errors()] == [
        "'senses[1].reference.url' 'javascript:alert(1)//www.org/posts/WmBukJkEFM72Xr397/"
        "mesa-search-vs-mesa-control' is not valid: use an http:// or https:// URL"]
    maker.term("optimizer", HEAD + TWO_SENSES.replace("    meaning: Also", "    meening: Also"))
    assert any("unknown field 'meening'; did you mean 'meaning'?" in error for error in maker.errors())
