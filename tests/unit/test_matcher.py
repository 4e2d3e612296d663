"""The one term matcher: whole words, any case, longest name first, first mention only."""

from __future__ import annotations

from mesa_glossary.core.matcher import TermMatcher

NAMES = [
    ("Inner alignment", "inner-alignment"),
    ("Inner misalignment", "inner-misalignment"),
    ("Mesa-optimizer", "mesa-optimizer"),
    ("mesa optimiser", "mesa-optimizer"),
    ("Optimizer", "optimizer"),
    ("SGD", "sgd"),
    ("Goodhart's law", "goodhart"),
    ("Bag of heuristics", "bag-of-heuristics"),
    ("Proxy", "proxy"),
    ("Proxies", "proxies"),
]


def found(text: str, **options) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.slug) for m in TermMatcher(NAMES).mentions(text, **options)]


def test_whole_words_only():
    assert found("an optimizers' reoptimizer or optimizerly thing") == [("optimizers", "optimizer")]
    assert found("inner alignments, innermost alignment") == [("inner alignments", "inner-alignment")]


def test_case_insensitive_and_spaces_or_hyphens_between_words():
    assert found("A MESA OPTIMIZER") == [("MESA OPTIMIZER", "mesa-optimizer")]
    assert found("the mesa-\noptimiser") == [("mesa-\noptimiser", "mesa-optimizer")]
    assert found("inner\nalignment") == [("inner\nalignment", "inner-alignment")]


def test_no_match_across_punctuation_or_paragraphs():
    assert found("inner. Alignment") == []
    assert found("inner\n\nalignment") == []


def test_longest_name_wins():
    assert found("inner misalignment and inner alignment") == [
        ("inner misalignment", "inner-misalignment"), ("inner alignment", "inner-alignment")]


def test_a_hyphenated_compound_is_one_word():
    assert found("a mesa-optimizer") == [("mesa-optimizer", "mesa-optimizer")]  # not "optimizer"
    assert found("a meta-optimizer, an optimizer-like thing") == []


def test_plurals_and_possessives():
    assert found("mesa-optimizers") == [("mesa-optimizers", "mesa-optimizer")]
    assert found("bags of heuristics") == []  # only the last word takes the plural
    assert found("the optimizer's goal") == [("optimizer", "optimizer")]
    assert found("Goodhart's law") == [("Goodhart's law", "goodhart")]


def test_a_plural_that_is_another_terms_name_belongs_to_that_term():
    assert found("proxies") == [("proxies", "proxies")]


def test_first_mention_only_unless_asked():
    assert found("SGD, then SGD") == [("SGD", "sgd")]
    assert found("SGD, then SGD", first_only=False) == [("SGD", "sgd"), ("SGD", "sgd")]


def test_skipped_ranges_and_excluded_terms():
    text = "`SGD` uses SGD"
    assert found(text, skip=[(0, 5)]) == [("SGD", "sgd")]
    assert [m.start for m in TermMatcher(NAMES).mentions(text, skip=[(0, 5)])] == [11]
    assert found("SGD and an optimizer", exclude={"sgd"}) == [("optimizer", "optimizer")]


def test_first_term_to_claim_a_name_keeps_it():
    matcher = TermMatcher([("Debate", "debate"), ("debate", "other")])
    assert [m.slug for m in matcher.mentions("debate")] == ["debate"]


def test_an_excluded_or_repeated_name_still_owns_its_words():
    assert found("mesa optimizer then optimizer", exclude={"mesa-optimizer"}) == [("optimizer", "optimizer")]
    assert [m.start for m in TermMatcher(NAMES).mentions("mesa optimizer, mesa optimizer, optimizer")] == [0, 32]
