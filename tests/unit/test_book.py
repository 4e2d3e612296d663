"""The book's parts and their order, its chunks, its reading path and its typography (no layout)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from mesa_glossary import pipeline
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.render.book import GIVES, book_chunks, book_html, carried_into, outline, typeset
from tests.support.projects import REPO, SITE, ProjectMaker


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return pipeline.check(Project.at(REPO))


def _pieces(glossary: Glossary, kind: str, chunk_pages: float) -> list:
    return [piece for chunk in book_chunks(glossary, chunk_pages=chunk_pages) for piece in chunk.pieces
            if piece.kind == kind]


@pytest.mark.parametrize("chunk_pages", [3.0, 10.0, 32.0, 10_000.0])
def test_chunks_hold_the_whole_book_once_in_order(glossary: Glossary, chunk_pages: float) -> None:
    chunks = book_chunks(glossary, chunk_pages=chunk_pages)
    kinds = [piece.kind for chunk in chunks for piece in chunk.pieces]
    order = ["cover", "contents", "preface", "terms", "sources", "tags", "index"]
    assert sorted(set(kinds), key=order.index) == order
    assert kinds == sorted(kinds, key=order.index), "the parts come in reading order"
    for kind in order:
        pieces = _pieces(glossary, kind, chunk_pages)
        assert [piece.opens for piece in pieces] == [True] + [False] * (len(pieces) - 1), kind
        assert [piece.closes for piece in pieces] == [False] * (len(pieces) - 1) + [True], kind
    terms = [term for piece in _pieces(glossary, "terms", chunk_pages) for term in piece.items]
    assert terms == glossary.sorted_terms()
    contents = [term for piece in _pieces(glossary, "contents", chunk_pages) for term in piece.items]
    assert contents == glossary.sorted_terms()
    blocks = [(part.source.id, block.anchor) for piece in _pieces(glossary, "sources", chunk_pages)
              for part in piece.entries for block in part.blocks]
    assert blocks == [(source.id, block.anchor) for source in glossary.sorted_sources()
                      for block in source.text.blocks]
    opened = [part.source.id for piece in _pieces(glossary, "sources", chunk_pages) for part in piece.entries
              if part.opens]
    assert opened == [source.id for source in glossary.sorted_sources()], "each source's title once"
    names = [name for piece in _pieces(glossary, "index", chunk_pages) for _, group in piece.entries
             for name, _ in group]
    assert sorted(names) == sorted(name for term in glossary.terms.values() for name in term.names)


def test_a_small_book_is_one_chunk_and_a_large_one_is_cut_between_letters(glossary: Glossary) -> None:
    assert len(book_chunks(glossary, chunk_pages=10_000)) == 1
    short = book_chunks(glossary, chunk_pages=10.0)
    assert len(short) >= 8
    term_pieces = _pieces(glossary, "terms", 10.0)
    per_chunk = int(10.0 / 0.6)
    for before, after in zip(term_pieces, term_pieces[1:], strict=False):
        last, first = before.items[-1].name[0].upper(), after.items[0].name[0].upper()
        # A cut falls between letters, unless a letter is too long for one chunk.
        assert last != first or len(before.items) >= per_chunk or len(after.items) >= per_chunk


@pytest.mark.parametrize("kind", ["contents", "index"])
def test_a_chunk_cut_through_the_contents_or_the_index_may_give_its_last_lines_on(glossary: Glossary,
                                                                                 kind: str) -> None:
    """Only these lists are marked for the layout to hand their last page on, and the next
    chunk, made with the lines handed on, starts with them."""
    chunks = book_chunks(glossary, chunk_pages=3.0)
    cut = next(index for index, chunk in enumerate(chunks) if chunk.pieces[-1].kind == kind and chunk.pieces[-1].gives)
    before, after = chunks[cut], chunks[cut + 1]
    assert after.takes and not any(chunk.takes for chunk in chunks if chunk.pieces[0].opens)
    given = carried_into(after, before, 5)
    assert given.pieces[0].items == before.pieces[-1].items[-5:] + after.pieces[0].items
    assert given.pieces[1:] == after.pieces[1:] and not given.pieces[0].opens
    html = book_html(glossary, built=date(2026, 1, 1), chunk=given)
    assert html.count(GIVES) == given.pieces[-1].gives
    assert book_html(glossary, built=date(2026, 1, 1), chunk=before).count(GIVES) == 1
    marked = {piece.kind for chunk in chunks for piece in chunk.pieces if piece.gives}
    assert marked == {"contents", "index"}
    with pytest.raises(ValueError, match="cannot pass"):
        carried_into(after, before, len(before.pieces[-1].items))


def test_the_outline_lists_the_parts_then_each_term_and_source(glossary: Glossary) -> None:
    entries = outline(glossary)
    parts = [title for level, title, _ in entries if level == 1]
    assert parts == ["Contents", "Preface", "Start here", "Terms", "Sources", "Families of terms", "Index of aliases"]
    assert [title for level, title, _ in entries if level == 2] == (
        [term.name for term in glossary.sorted_terms()] + [source.title for source in glossary.sorted_sources()])


def test_the_book_opens_with_the_reading_path(glossary: Glossary) -> None:
    html = book_html(glossary, built=date(2026, 1, 1), page_numbers={"term-mesa-optimizer": 55})
    assert html.index('id="preface"') < html.index('id="start-here"') < html.index('id="terms"')
    path = html[html.index('<ol class="path">'):html.index("</ol>")]
    assert path.count("<li>") == len(glossary.site.start_here)
    assert ('<a href="mesa-glossary-book:term-mesa-optimizer"><b>Mesa-optimizer</b>,\u00a0page\u00a0'
            '<span class="page-number" data-page="term-mesa-optimizer">00</span></a>' in path)


def test_a_reading_path_term_that_does_not_exist_is_an_error_at_its_line(maker: ProjectMaker) -> None:
    maker.write("glossary/site.yaml", SITE + "start_here:\n  - optimizer\n  - base-optimiser\n  - mesa-optimiser\n")
    assert maker.errors() == [
        "glossary/site.yaml:5:5: error: start_here 'base-optimiser' names no term; did you mean 'base-optimizer'?",
        "glossary/site.yaml:6:5: error: start_here 'mesa-optimiser' names no term; 'mesa-optimiser' is a name of "
        "the term 'mesa-optimizer': write its slug, 'mesa-optimizer'"]
    maker.write("glossary/site.yaml", SITE + "start_here:\n  - Optimizer\n")
    assert maker.errors() == ["glossary/site.yaml:4:5: error: 'start_here[0]' 'Optimizer' is not valid: use "
                              "lower-case letters, digits and hyphens; did you mean 'optimizer'?"]


def test_without_a_reading_path_the_book_has_no_start_here(maker: ProjectMaker) -> None:
    glossary = pipeline.check(maker.project)
    html = book_html(glossary, built=date(2026, 1, 1))
    assert 'id="preface"' in html and 'id="start-here"' not in html
    assert [title for level, title, _ in outline(glossary) if level == 1][:3] == ["Contents", "Preface", "Terms"]


@pytest.mark.parametrize(("written", "set_as"), [
    ('The "base objective" is the loss.', "The \u201cbase objective\u201d is the loss."),
    ("A model's goal ('mesa') differs.", "A model\u2019s goal (\u2018mesa\u2019) differs."),
    ('"Quoted" at the start', "\u201cQuoted\u201d at the start"),
    ("No quotes at all.", "No quotes at all."),
])
def test_editors_quotes_are_set_curly(written: str, set_as: str) -> None:
    assert typeset(written) == set_as


def test_definitions_get_curly_quotes_but_source_text_stays_verbatim(maker: ProjectMaker) -> None:
    maker.term("optimizer", 'term: Optimizer\nshort: A "system" that searches.\n'
                            'definition: \'Anything that "searches".\'\ntags: [framework]\n')
    html = book_html(pipeline.check(maker.project), built=date(2026, 1, 1))
    assert "Anything that \u201csearches\u201d." in html
    assert '<p class="short">A \u201csystem\u201d that searches.</p>' in html
    assert "&#34;" not in html.split('<section class="part part-sources')[0].split("</head>")[1]


def test_quotes_and_passages_keep_their_last_two_words_on_one_line(glossary: Glossary) -> None:
    """No runt: a quote's or passage's last two words are in a span that does not wrap, at
    its end only, their space as the source has it."""
    html = book_html(glossary, built=date(2026, 1, 1))
    ends = re.findall(r'<span class="last-words">([^<]*)</span>(?:</mark>)?</p>', html)
    assert html.count('class="last-words"') == len(ends), "only at a paragraph's end"
    assert all(len(words.split()) == 2 and len(words) <= 30 for words in ends)
    quotes = html.split('<blockquote class="quote">')[1:]
    assert sum('class="last-words"' in quote.split("</blockquote>")[0] for quote in quotes) > len(quotes) / 2
    passages = re.findall(r'<p class="passage"[^>]*>.*?</p>', html, re.DOTALL)
    assert sum('class="last-words"' in passage for passage in passages) > len(passages) / 2
