"""The names index the search worker matches a query against before asking Pagefind."""

from __future__ import annotations

import json

from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.search_names import names_index, search_key


def test_every_name_and_alias_is_listed_by_its_key_with_its_term(maker):
    glossary = load_glossary(maker.project)
    index = json.loads(names_index(glossary))
    terms = {title: (path, short) for title, path, short in index["terms"]}
    assert terms["Mesa-optimizer"] == ("terms/mesa-optimizer/", "A learned algorithm that is itself an optimizer.")
    listed = {(key, index["terms"][position][0], written) for key, position, written in index["names"]}
    assert ("mesaoptimiser", "Mesa-optimizer", "mesa-optimiser") in listed
    assert len(listed) == sum(len(term.names) for term in glossary.terms.values())


def test_the_key_ignores_case_punctuation_and_spacing_but_keeps_letters_of_any_script():
    assert search_key("Mesa-Optimiser") == search_key("mesa optimiser") == "mesaoptimiser"
    assert search_key("RL² (fast)") == "rl²fast"
    assert search_key("Ünïcode_name") == "ünïcodename"
    assert search_key("—") == ""
