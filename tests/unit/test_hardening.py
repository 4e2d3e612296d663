"""Hostile and malformed input: every text field is shown, never run, and bad slugs are named.

The property tests generate entries: valid ones always check and render; broken ones
always give ``path:line:col: error:`` lines and never a traceback.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write_project
from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.load.definition_policy import MAX_INDENT, violations
from tests.support.projects import REPO


@pytest.mark.parametrize("slug", ["../escape", "a/b", "two words", "ünïcode", "UPPER", "-lead", "double--hyphen"])
def test_bad_slugs_in_relations_are_named(maker, slug):
    maker.term("optimizer", f"term: Optimizer\nshort: Searches.\ndefinition: Anything.\ntags: [framework]\n"
                            f"related: ['{slug}']\n")
    (error,) = maker.errors()
    assert error.startswith("glossary/terms/optimizer.yaml:5:11: error: 'related[0]'")
    assert "is not valid: use lower-case letters, digits and hyphens" in error


@pytest.mark.parametrize("name", ["-lead.yaml", "two words.yaml", "ünïcode.yaml", "a..b.yaml"])
def test_bad_file_names_are_named(maker, name):
    maker.write(f"glossary/terms/{name}", "term: X\n")
    (error,) = maker.errors()
    assert error.startswith(f"glossary/terms/{name}:1:1: error: file name '{name}' is not a valid slug")


def test_a_file_name_ending_in_a_line_feed_is_no_slug_and_its_error_stays_on_one_line(maker):
    """Python's ``$`` also matches before a final line feed: ``zzz\\n`` must not pass as a slug
    (it would become a folder and an address), and the name is printed escaped."""
    maker.write("glossary/terms/zzz\n.yaml", "term: X\n")
    (error,) = maker.errors()
    assert error.startswith("glossary/terms/zzz\\n.yaml:1:1: error: file name 'zzz\\n.yaml' is not a valid slug")
    assert "\n" not in error


@pytest.mark.parametrize(("field", "slug"), [("tags", "framework"), ("related", "optimizer"),
                                           ("broader", "optimizer")])
def test_a_slug_ending_in_a_line_feed_is_refused_as_the_published_schema_refuses_it(maker, field, slug):
    maker.term("optimizer", "term: Optimizer\nshort: Searches.\ndefinition: Anything.\ntags: [framework]\n")
    lines = {"term": "Searcher", "short": "Looks.", "definition": "Anything.", "tags": "[framework]",
             field: f'["{slug}\\n"]'}
    maker.term("searcher", "".join(f"{key}: {value}\n" for key, value in lines.items()))
    (error,) = maker.errors()
    assert f"'{field}[0]' '{slug}\\n' is not valid" in error


# ---- Property tests ----

_WORDS = st.text(alphabet=string.ascii_letters + " -'", min_size=1, max_size=24).filter(lambda s: s.strip(" -'"))
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(str.strip)


def _yaml_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=_WORDS, short=_TEXT.filter(lambda s: "\n" not in s and len(s.strip()) <= 200), definition=_TEXT,
       aliases=st.lists(_WORDS, max_size=3, unique_by=lambda s: s.casefold()))
def test_valid_entries_always_check_and_render(maker, name, short, definition, aliases):
    entry = (f"term: {_yaml_string('Zz ' + name)}\nshort: {_yaml_string(short)}\n"
             f"definition: {_yaml_string(definition)}\ntags: [framework]\n")
    if aliases:
        entry += "aliases: [" + ", ".join(_yaml_string("Zz " + alias + " alt") for alias in aliases) + "]\n"
    maker.term("generated", entry)
    try:
        glossary = pipeline.check(maker.project)
    except GlossaryError as error:  # only a clash of generated names may stop a valid entry
        assert all("collides with" in d.message or "has no letters" in d.message for d in error.diagnostics), error
        return
    assert "generated" in glossary.terms
    pipeline.render(maker.project)


_DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (error|warning): .+")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_entries_give_error_lines_never_a_traceback(maker, data):
    valid = (REPO / "glossary" / "terms" / "mesa-optimizer.yaml").read_bytes()
    mutation = data.draw(st.sampled_from(["cut", "insert", "replace", "bytes"]))
    position = data.draw(st.integers(0, len(valid)))
    if mutation == "cut":
        broken = valid[:position]
    elif mutation == "insert":
        broken = valid[:position] + data.draw(st.sampled_from(
            [b"\t", b":", b"- ", b"!!python/object:os.system ", b"&a ", b"*a ", b"\n  x: [", b"{", b"'", b"\xff\xfe"]
        )) + valid[position:]
    elif mutation == "replace":
        broken = valid[:position] + data.draw(st.binary(max_size=12)) + valid[position + 4:]
    else:
        broken = data.draw(st.binary(max_size=200))
    maker.term("optimizer", broken)
    try:
        pipeline.check(maker.project)
    except GlossaryError as error:
        lines = [str(diagnostic) for diagnostic in error.diagnostics]
        assert lines and all(_DIAGNOSTIC.match(line) for line in lines), lines


def test_a_synthetic_glossary_is_valid_and_renders(tmp_path):
    project = write_project(tmp_path / "synthetic", 60, template=REPO)
    glossary = pipeline.check(project)
    assert len(glossary.terms) == 60 and sum(len(term.quotes) for term in glossary.terms.values()) == 60
    assert any(term.broader for term in glossary.terms.values()) and any(t.aliases for t in glossary.terms.values())
    assert write_project(tmp_path / "again", 60, template=REPO).terms_dir.joinpath(
        sorted(p.name for p in project.terms_dir.iterdir())[0]).read_text() == \
        sorted(project.terms_dir.iterdir())[0].read_text(), "the same seed writes the same project"
    pipeline.render(project)


@pytest.mark.parametrize(("start", "columns"), [
    ("\t" * 16, 64), ("\t" * 17, 68), (" " * 64, 64), (" " * 65, 65), (">" * 32, 64), (">" * 33, 66),
    ("\t" * 16 + " ", 65), ("> " * 21 + " ", 64), ("> " * 21 + "\t", 67), (" \t" * 13, 65),
])
def test_a_line_is_refused_exactly_when_it_is_nested_deeper_than_the_limit(start, columns):
    """Tabs count four columns and each '>' two: the check looks only at line starts long
    enough to reach the limit, so the shortest that exceed it (17 tabs) must still be caught."""
    found = violations(f"A paragraph.\n\n{start}- item\n")
    assert bool(found) == (columns > MAX_INDENT)
    assert all(f"nested {columns} columns deep" in violation.message for violation in found)
