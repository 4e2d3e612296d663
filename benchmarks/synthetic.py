"""Synthetic glossary projects of any size, in the real schema, for benchmarks and tests.

A project of N terms has made-up but pronounceable names, aliases, tags, ``broader``
chains without cycles, ``related`` pairs, definitions with ``[[links]]`` and plain
mentions, and one quote per term taken word for word from a synthetic source corpus
whose size grows with N. The same ``seed`` always writes the same project.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from mesa_glossary.core.model import name_key
from mesa_glossary.core.project import Project

_ONSETS = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "qu", "r", "s", "t", "v", "z", "br", "cl", "st", "tr"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io"]
_CODAS = ["", "n", "r", "l", "s", "x", "nd", "rt"]
_NOUNS = ["objective", "optimizer", "alignment", "gradient", "prior", "model", "policy", "search", "reward",
          "bias", "circuit", "heuristic", "feedback", "oversight", "proxy", "signal"]
_TAGS = ["framework", "alignment", "training", "interpretability", "theory", "evaluation", "agents", "data",
         "optimization", "safety", "learning", "scaling"]
#: Terms per source document: the corpus grows with the glossary.
TERMS_PER_SOURCE = 200
#: The running text around quotes. Every word has an h, w or y, which no made-up first word
#: of a name has, so text mentions a term only where it names one, however many terms there are.
_FILLER = ["we", "think", "this", "shows", "why", "the", "weights", "may", "shift", "toward", "what", "they", "were",
           "shaped", "by", "rather", "than", "what", "the", "authors", "wanted", "which", "hints", "how",
           "such", "hypotheses", "hold", "through", "their", "behaviour", "each", "way"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(part) for part in (_ONSETS, _VOWELS, _CODAS, _VOWELS, _CODAS))


def _names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    taken: set[str] = set()
    while len(names) < count:
        name = f"{_word(rng).capitalize()} {rng.choice(_NOUNS)}"
        if name_key(name) not in taken:
            taken.add(name_key(name))
            names.append(name)
    return names


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_project(root: Path, terms: int, *, template: Path, seed: int = 0) -> Project:
    """Write a valid project of ``terms`` terms into ``root`` (replaced if it exists).

    ``template`` is a real project whose ``mkdocs.yml`` and ``docs/``
    the synthetic one builds with, so it is measured with the same theme and pages.
    """
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "glossary" / "terms").mkdir(parents=True)
    (root / "seeds").mkdir()
    shutil.copy(template / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(template / "docs", root / "docs")
    (root / "docs" / "index.md").write_text("# Synthetic glossary\n\nSee the [A–Z index](terms/index.md).\n",
                                            encoding="utf-8")
    (root / "glossary" / "site.yaml").write_text(
        f"title: Synthetic glossary of {terms} terms\nurl: https://synthetic.example.org/\n", encoding="utf-8")
    names = _names(terms * 2, rng)
    term_names, alias_pool = names[:terms], names[terms:]
    slugs = [name_key(name) + f"-{index}" for index, name in enumerate(term_names)]
    sources = max(1, -(-terms // TERMS_PER_SOURCE))
    passages: list[list[str]] = [[] for _ in range(sources)]
    quotes: list[tuple[int, str]] = []
    for index, name in enumerate(term_names):
        other = term_names[rng.randrange(terms)]
        sentence = (f"In this comment the {name.lower()} is compared with the {other.lower()}, "
                    f"and number {index} shows why it matters.")
        source = index % sources
        filler = " ".join(rng.choice(_FILLER) for _ in range(rng.randint(20, 60)))
        passages[source].append(f"{sentence} {filler}.")
        quotes.append((source, sentence))
    source_entries = []
    for number, texts in enumerate(passages):
        (root / "seeds" / f"corpus-{number}.txt").write_text(f"Synthetic thread {number}\n\n" + "\n\n".join(texts)
                                                               + "\n", encoding="utf-8")
        source_entries.append(f"- id: corpus-{number}\n  file: corpus-{number}.txt\n"
                              f"  title: Synthetic thread {number}\n")
    (root / "glossary" / "sources.yaml").write_text("".join(source_entries), encoding="utf-8")
    (root / "glossary" / "tags.yaml").write_text("".join(f"- name: {tag}\n  description: Synthetic family {tag}.\n"
                                                         for tag in _TAGS), encoding="utf-8")
    parent: dict[int, int] = {}
    related: dict[int, int] = {}
    entries: list[tuple[str, list[str], str]] = []
    for index, (slug, name) in enumerate(zip(slugs, term_names, strict=False)):
        links = rng.sample(range(terms), k=min(2, terms))
        mentions = rng.sample(range(terms), k=min(2, terms))
        definition = (f"A made-up concept that relates to [[{slugs[links[0]]}]] and "
                      f"[[{slugs[links[-1]]}|its neighbour]]; it is often discussed with the "
                      f"{term_names[mentions[0]].lower()} and the {term_names[mentions[-1]].lower()}.")
        lines = [f"term: {_quoted(name)}", f"short: {_quoted(f'A synthetic term, number {index}, for measuring.')}",
                 f"definition: {_quoted(definition)}", f"tags: [{rng.choice(_TAGS)}]"]
        if index % 3 == 0:
            lines.append(f"aliases: [{_quoted(alias_pool[index])}]")
        if index > 0 and rng.random() < 0.6:
            parent[index] = rng.randrange(index)  # only earlier terms: no cycle
            lines.append(f"broader: [{slugs[parent[index]]}]")
        related[index] = rng.randrange(terms)
        source, sentence = quotes[index]
        entries.append((slug, lines, f"quotes:\n  - source: corpus-{source}\n    text: {_quoted(sentence)}"))
    for index, (slug, lines, quote) in enumerate(entries):
        other = related[index]
        # ``related`` stays outside the broader chain (the check refuses it there, as SKOS does).
        if other != index and other not in _ancestors(index, parent) and index not in _ancestors(other, parent):
            lines.append(f"related: [{slugs[other]}]")
        lines.append(quote)
        (root / "glossary" / "terms" / f"{slug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Project.at(root)


def _ancestors(index: int, parent: dict[int, int]) -> set[int]:
    found: set[int] = set()
    while index in parent:
        index = parent[index]
        found.add(index)
    return found
