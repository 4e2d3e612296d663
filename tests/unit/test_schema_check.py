"""The schema check's exact messages, places and order for term files that break it: the
check is compiled for speed (see ``schema._compile_text``), and these pin what it must still say."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mesa_glossary.load import schema
from mesa_glossary.load.yamldoc import parse_yaml

_VALID = "term: Optimizer\nshort: Fine.\ndefinition: A thing.\ntags: [framework]\n"

CASES = {
    "a control character": (
        _VALID.replace("Optimizer", '"Opti\\x1bmizer"'),
        ["1:7: 'term' holds the control character U+001B; remove it"],
    ),
    "a line separator": (
        _VALID.replace("Optimizer", '"Opti\\u2028mizer"'),
        ["1:7: 'term' holds the control character U+2028; remove it"],
    ),
    "a tab, which is no control character here": (
        _VALID + 'aliases: ["Opti\\tmizer"]\n',
        [],
    ),
    "two lines": (
        _VALID.replace("Fine.", '"One.\\nTwo."'),
        ["2:8: 'short' must be a single line"],
    ),
    "values of the wrong type, in the order of the fields": (
        "term: 12\nshort: true\ndefinition: [a]\ntags: framework\naliases: {a: b}\n",
        ["1:7: 'term' must be text, not a number (12); put it in quotes to keep it as text",
         "5:10: 'aliases' must be a list, not a mapping",
         "2:8: 'short' must be text, not a boolean (true); put it in quotes to keep it as text",
         "3:13: 'definition' must be text, not a list",
         "4:7: 'tags' must be a list, not str"],
    ),
    "empty, too long, too few": (
        "term: '  '\nshort: " + "x" * 201 + "\ndefinition: A thing.\ntags: []\n",
        ["1:7: 'term' must not be empty",
         "2:8: 'short' is 201 characters; the limit is 200",
         "4:7: 'tags' needs at least 1 item(s)"],
    ),
    "a duplicate right after its own problem": (
        _VALID.replace("[framework]", "[Bad Tag, framework, Bad Tag, framework]")
        + "broader: [base-optimizer]\nrelated: [a, 'A--b', a]\n",
        ["4:8: 'tags[0]' 'Bad Tag' is not valid: use lower-case letters, digits and hyphens; did you mean 'bad-tag'?",
         "4:28: 'tags[2]' 'Bad Tag' is not valid: use lower-case letters, digits and hyphens; did you mean 'bad-tag'?",
         "4:28: 'Bad Tag' is listed twice in 'tags'",
         "4:37: 'framework' is listed twice in 'tags'",
         "6:14: 'related[1]' 'A--b' is not valid: use lower-case letters, digits and hyphens; did you mean 'a-b'?",
         "6:22: 'a' is listed twice in 'related'"],
    ),
    "unknown, missing and empty fields": (
        "term: Optimizer\ndefiniton: A thing.\ntags: [framework]\nslug:\naliases:\nsenses: [x]\n",
        ["2:1: unknown field 'definiton'; did you mean 'definition'?",
         "1:1: missing required field 'short'",
         "1:1: missing required field 'definition'",
         "6:9: 'senses' needs at least 2 item(s)",
         "6:10: 'senses[0]' must be a mapping of sense fields, not str"],
    ),
    "problems within quotes, references and senses": (
        _VALID + "quotes:\n  - source: Risks Paper\n    text: ''\n    extra: 1\n  - note: n\n"
        "references:\n  - title: T\n    url: ftp://x\n    locator: " + "p" * 41 + "\n"
        "senses:\n  - by: A\n    meaning: m\n    reference: {title: T}\n",
        ["8:5: unknown field 'extra'; did you mean 'text'?",
         "6:13: 'quotes[0].source' 'Risks Paper' is not valid: use lower-case letters, digits and hyphens; "
         "did you mean 'risks-paper'?",
         "7:11: 'quotes[0].text' must not be empty",
         "9:5: missing required field 'source' in 'quotes[1]'",
         "9:5: missing required field 'text' in 'quotes[1]'",
         "12:10: 'references[0].url' 'ftp://x' is not valid: use an http:// or https:// URL",
         "13:14: 'references[0].locator' is 41 characters; the limit is 40",
         "15:3: 'senses' needs at least 2 item(s)",
         "17:16: missing required field 'url' in 'senses[0].reference'"],
    ),
    "no mapping at all": (
        "- a\n- b\n",
        ["1:1: the file must hold a mapping of glossary term fields, not a list"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_a_term_file_that_breaks_the_schema_is_told_where_and_how(text, expected):
    document = parse_yaml(Path("glossary/terms/optimizer.yaml"), text)
    problems = schema.check(document, schema.TERM)
    assert [f"{p.location.line}:{p.location.column}: {p.message}" for p in problems] == expected


def test_every_character_the_control_search_finds_is_one_isprintable_refuses():
    """The check searches for control characters only in a text ``isprintable`` refuses."""
    printable = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable())
    assert schema._CONTROL.search(printable) is None
