"""Splitting sources into titles and passages, and finding quotes in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesa_glossary.core.sources import SourceText

REPO = Path(__file__).resolve().parents[2]


def test_blocks_titles_and_passages():
    text = SourceText("Post title\n\nFirst comment. It has words.\n\n\n  Second comment\nwith two lines.\n\nAm I?\n")
    assert [(b.kind, b.text, b.line) for b in text.blocks] == [
        ("title", "Post title", 1),
        ("passage", "First comment. It has words.", 3),
        ("passage", "Second comment\nwith two lines.", 6),
        ("passage", "Am I?", 9),
    ]
    assert text.blocks[0].anchor == "post-title"
    assert all(b.anchor.startswith("p-") for b in text.blocks[1:])


def test_passage_anchors_depend_only_on_their_own_text():
    before = SourceText("Title\n\nUnchanged passage.\n\nAnother passage.\n")
    after = SourceText("New title\n\nInserted passage.\n\nUnchanged passage.\n\nAnother passage, edited.\n")
    anchor = {b.text: b.anchor for b in after.blocks}
    assert anchor["Unchanged passage."] == before.blocks[1].anchor


def test_repeated_titles_get_distinct_anchors():
    text = SourceText("Same title\n\nOne.\n\nSame title\n\nTwo.\n")
    assert [b.anchor for b in text.blocks if b.kind == "title"] == ["same-title", "same-title-2"]


@pytest.mark.parametrize("quote", [
    "we call it a mesa-optimizer",
    "we  call\n it a\tmesa-optimizer",
    "we\u00a0call it a mesa-optimizer",
])
def test_any_whitespace_run_matches_any_other(quote):
    text = SourceText("Intro.\n\nWhen it is an optimizer, we call\n   it a mesa-optimizer. End.\n")
    span = text.find(quote)
    assert span is not None
    assert text.text[span.start:span.end] == "we call\n   it a mesa-optimizer"


def test_a_changed_word_is_not_found():
    assert SourceText("we call it a mesa-optimizer").find("we call it a mesa-optimiser") is None


def test_curly_quotes_and_dashes_must_match_exactly():
    text = SourceText("what “bag of heuristics” means exactly—if the heuristics")
    assert text.find("“bag of heuristics” means exactly—if") is not None
    assert text.find('"bag of heuristics" means exactly-if') is None


def test_real_seed_structure():
    text = SourceText((REPO / "seeds" / "002_b69c9612d460ac88.txt").read_text(encoding="utf-8"))
    titles = [b.text for b in text.blocks if b.kind == "title"]
    assert titles == ["Trying to get into alignment", "Basic Background:"]


def test_seeds_are_a_byte_for_byte_copy_of_the_shared_sources():
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert sorted(p.name for p in (REPO / "seeds").iterdir()) == sorted(p.name for p in shared.iterdir())
    for original in shared.iterdir():
        assert (REPO / "seeds" / original.name).read_bytes() == original.read_bytes(), original.name
