"""Splitting sources into titles and passages, and finding quotes in them."""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

import pytest

from mesa_glossary.core import sources
from mesa_glossary.core.sources import SourceText, normalize_whitespace

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


#: Every character ``\s`` matches, from the whole of Unicode.
EVERY_WHITESPACE = re.findall(r"\s", "".join(map(chr, range(sys.maxunicode + 1))))


@pytest.mark.parametrize("whitespace", EVERY_WHITESPACE, ids=lambda character: f"U+{ord(character):04X}")
def test_each_whitespace_character_matches_a_space(whitespace):
    text = SourceText(f"one{whitespace}two three{whitespace}")
    span = text.find("one two three")
    assert span is not None
    assert (span.start, span.end) == (0, 13)


def test_the_collapse_treats_exactly_the_whitespace_characters_as_whitespace():
    """The collapse lists the characters it turns into line feeds: all of ``\\s`` but the space
    and the line feed, and nothing else (a zero-width space is no space: it must not match one)."""
    assert sorted(sources._UNCOMMON_WHITESPACE + " \n") == sorted(EVERY_WHITESPACE)
    for lookalike in ("\u200b", "\u2060", "\ufeff", "\x1b", "\u180e"):
        assert SourceText(f"one{lookalike}two").find("one two") is None


def _words_between_random_whitespace(seed: int) -> tuple[str, list[tuple[int, int]]]:
    """Words separated (and preceded and followed) by runs of mixed whitespace, and where
    each word stands: the positions a found quote must map back to, known independently."""
    rng = random.Random(seed)
    runs = [" ", " ", " ", "  ", "\n", "\r\n", "\t", " \n ", "\n\n", "\u00a0", "\u2028", " \t\u3000 "]
    runs += EVERY_WHITESPACE  # single spaces stay the commonest run, as in real sources
    parts, places, position = [], [], 0
    for number in range(400):
        run = "".join(rng.choices(runs, k=rng.choice([1, 1, 1, 2, 3])))
        word = f"w{number}{rng.choice(['', '.', ',', 'é', '“x”'])}"
        parts += [run, word]
        places.append((position + len(run), position + len(run) + len(word)))
        position += len(run) + len(word)
    parts.append(rng.choice(runs))
    return "".join(parts), places


@pytest.mark.parametrize("seed", range(5))
def test_found_quotes_map_back_to_the_original_characters(seed):
    text, places = _words_between_random_whitespace(seed)
    source = SourceText(text)
    words = [text[start:end] for start, end in places]
    rng = random.Random(seed)
    for _ in range(300):
        first = rng.randrange(len(words))
        last = rng.randrange(first, min(first + 30, len(words)))
        quote = rng.choice([" ", "\n", " \t "]).join(words[first : last + 1])
        span = source.find(quote)
        assert span is not None, quote
        assert (span.start, span.end) == (places[first][0], places[last][1]), quote
        assert source.matching_prefix_length(quote + " zz") == len(normalize_whitespace(quote)) + 1


@pytest.mark.parametrize("seed", range(5))
def test_passage_anchors_digest_the_passage_with_its_whitespace_normalized(seed):
    source = SourceText(_words_between_random_whitespace(seed)[0])
    passages = [block for block in source.blocks if block.kind == "passage"]
    assert passages
    for block in passages:
        digest = hashlib.sha1(normalize_whitespace(block.text).encode("utf-8")).hexdigest()
        assert block.anchor == f"p-{digest[:8]}"
        assert source.text[block.start : block.end] == block.text


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
