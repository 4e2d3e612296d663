"""Everything ``check`` accepts builds: the site, the PDF and the copy read from disk.

A check that passes what the build then fails on ("File name too long" for a 300-letter
alias, a recursion error for lists nested a thousand deep) breaks the promise that an
author can trust ``check``. Here every field is pushed to the edge of what is allowed.
"""

from __future__ import annotations

import json

import pytest

from mesa_glossary import pipeline
from mesa_glossary.core.urls import SLUG_MAX_LENGTH
from mesa_glossary.load.definition_policy import MAX_INDENT, MAX_PARAGRAPH
from mesa_glossary.load.schema import LINE_MAX_LENGTH, NAME_MAX_LENGTH
from tests.support.projects import OPTIMIZER, buildable

_NAME = ("Z" + "<b>&'\"`*_[]{}#|\\$ " * 20)[:NAME_MAX_LENGTH]
_DEEP = "".join(f"{'  ' * level}- level {level}\n" for level in range(MAX_INDENT // 2))
_QUOTED = ">" * (MAX_INDENT // 2 - 1) + " deeply quoted\n"
_DEFINITION = "\n".join([
    "# __config", "", "## __search heading", "", _DEEP, _QUOTED,
    "| a | b |", "|:--|--:|", "| {0,1} | <x> |", "",
    "!!! note \"A note\"", "    Inside an admonition.", "",
    "```python", "print('<script>')", "```", "",
    *[f"Paragraph {n} mentions an optimizer and a [[mesa-optimizer]] with *emphasis*.\n" for n in range(2000)],
    "x" * MAX_PARAGRAPH,
])


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def edge_project(tmp_path_factory: pytest.TempPathFactory):
    maker = buildable(tmp_path_factory.mktemp("edge") / "project")
    aliases = ["a" * SLUG_MAX_LENGTH, "メサ最適化器", "🙂 optimizer", "optïmiser\u202e", "ﬁne ligature",
               *[f"alias number {n}" for n in range(40)]]
    indented = "\n".join("  " + line if line else "" for line in _DEFINITION.split("\n"))
    maker.term("optimizer", f"term: {_quoted(_NAME)}\n"
                            f"aliases: [{', '.join(_quoted(alias) for alias in aliases)}]\n"
                            f"short: {_quoted('S' + 'x' * 150)}\n"
                            f"definition: |\n{indented}\n"
                            "tags: [framework]\n"
                            f"references:\n  - title: {_quoted('T' * LINE_MAX_LENGTH)}\n"
                            f"    url: https://example.org/{'p' * 1500}\n")
    return maker


def test_the_edge_of_what_check_accepts_builds_whole(edge_project):
    glossary = pipeline.check(edge_project.project)  # accepted ...
    assert len(glossary.terms["optimizer"].aliases) == 45
    _, site = pipeline.build(edge_project.project)  # ... so it builds, PDF and ZIP included
    exported = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    term = next(t for t in exported["terms"] if t["slug"] == "optimizer")
    assert term["title"] == _NAME.strip()
    assert (site / "terms" / ("a" * SLUG_MAX_LENGTH) / "index.html").is_file()
    assert (site / "glossary.pdf").stat().st_size > 0 and (site / "site.zip").stat().st_size > 0
    page = (site / "terms" / "optimizer" / "index.html").read_text(encoding="utf-8")
    assert 'id="__config"' not in page.split('<script id="__config"')[0]  # the theme's config is found, not ours


@pytest.mark.parametrize(("field", "value", "message"), [
    ("aliases", ["a" * (SLUG_MAX_LENGTH + 1)], "makes an address of 101 characters"),
    ("aliases", ["ﬃ" * 40], "makes an address of 120 characters"),  # each ligature folds to three letters
    ("aliases", ["x" * (NAME_MAX_LENGTH + 1)], f"the limit is {NAME_MAX_LENGTH}"),
    ("term", "y" * (NAME_MAX_LENGTH + 1), f"the limit is {NAME_MAX_LENGTH}"),
    ("definition", "  " * (MAX_INDENT // 2 + 1) + "- too deep", "nested"),
    ("definition", ">" * 200 + " too deep", "nested"),
    ("definition", "word " * (MAX_PARAGRAPH // 5 + 1), "characters long; a definition's paragraphs are at most 5,000"),
])
def test_what_would_fail_the_build_fails_the_check_at_its_line(maker, field, value, message):
    if field == "aliases":
        entry = OPTIMIZER + f"aliases: [{', '.join(_quoted(v) for v in value)}]\n"
    elif field == "term":
        entry = OPTIMIZER.replace("term: Optimizer", f"term: {value}")
    else:
        entry = OPTIMIZER.replace("definition: Anything that searches.", f"definition: |\n  Nested:\n\n  {value}")
    maker.term("optimizer", entry)
    errors = maker.errors()
    assert errors and all(error.startswith("glossary/terms/optimizer.yaml:") for error in errors), errors
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize(("file", "text", "message"), [
    ("glossary/terms/index.yaml", "term: Index\nshort: s.\ndefinition: d.\ntags: [framework]\n", "is reserved"),
    ("glossary/sources.yaml", "- id: index\n  file: forum.txt\n  title: Forum\n", "is reserved"),
])
def test_reserved_names_would_replace_a_listing_page(maker, file, text, message):
    maker.write(file, text)
    errors = maker.errors()
    assert any(message in error and error.startswith(file) for error in errors), errors


def test_an_alias_named_index_is_reserved(maker):
    maker.term("optimizer", OPTIMIZER + "aliases: [Index]\n")
    assert any("alias 'Index' is reserved" in error for error in maker.errors())
