"""Files as editors and attackers write them: accepted when harmless, a clear error otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.load import yamldoc
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.load.yamldoc import ParsedFiles, YamlDocument, load_yaml
from tests.support.projects import OPTIMIZER


@pytest.mark.parametrize("content", [
    b"\xef\xbb\xbf" + OPTIMIZER.encode(),                   # UTF-8 byte order mark
    OPTIMIZER.replace("\n", "\r\n").encode(),               # Windows line endings
    OPTIMIZER.rstrip("\n").encode(),                        # no final newline
])
def test_common_editor_quirks_are_accepted(maker, content):
    maker.term("optimizer", content)
    assert load_glossary(maker.project).terms["optimizer"].short == "A system that searches."


def test_crlf_positions_stay_right(maker):
    maker.term("optimizer", (OPTIMIZER + "colour: red\n").replace("\n", "\r\n").encode())
    assert maker.errors() == ["glossary/terms/optimizer.yaml:5:1: error: unknown field 'colour'; known fields: "
                              "term, slug, aliases, short, definition, tags, broader, related, quotes, references, senses"]


def test_non_utf8_bytes(maker):
    maker.term("optimizer", b"term: Optimizer\nshort: caf\xe9\n")
    assert maker.errors() == ["glossary/terms/optimizer.yaml:2:11: error: file is not UTF-8: byte 0xe9 cannot be "
                              "decoded"]


def test_object_constructing_tags_are_refused(maker):
    maker.term("optimizer", OPTIMIZER.replace("term: Optimizer", "term: !!python/object/apply:os.system ['true']"))
    assert maker.errors() == ["glossary/terms/optimizer.yaml:1:7: error: YAML tag '!!python/object/apply:os.system' "
                              "is not allowed: entries hold only text, lists and mappings"]


def test_alias_bombs_are_refused(maker):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, "
              f"*a{i-1}]" for i in range(1, 9)]
    maker.term("optimizer", OPTIMIZER + "\n".join(lines) + "\n")
    errors = maker.errors()
    assert "document expands to more than 200,000 values (anchors and aliases?)" in errors[0]


def test_duplicate_keys(maker):
    maker.term("optimizer", OPTIMIZER + "term: Again\n")
    assert maker.errors() == ["glossary/terms/optimizer.yaml:5:1: error: duplicate key 'term' (first defined on "
                              "line 1)"]


@pytest.mark.parametrize("content", ["", "\n\n", "# just a comment\n", "---\n", "--- \n# a comment\n",
                                     "# a comment\n\t\n", " \t \n"])
def test_empty_files(maker, content):
    maker.term("optimizer", content)
    assert maker.errors() == ["glossary/terms/optimizer.yaml:1:1: error: file is empty"]


def test_a_list_where_a_mapping_belongs(maker):
    maker.term("optimizer", "- term: Optimizer\n")
    assert maker.errors() == ["glossary/terms/optimizer.yaml:1:1: error: the file must hold a mapping of glossary "
                              "term fields, not a list"]


def test_huge_files_are_refused_before_parsing(maker):
    maker.term("optimizer", OPTIMIZER + "# " + "x" * (3 * 1024 * 1024) + "\n")
    [error] = maker.errors()
    assert error.startswith("glossary/terms/optimizer.yaml:1:1: error: file is 3,145,8")
    assert error.endswith("bytes; the limit is 2 MiB")


def test_a_memo_parses_again_only_the_files_that_changed(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_text("term: One\n", encoding="utf-8")
    memo = ParsedFiles()
    first = load_yaml(path, memo)
    assert load_yaml(path, memo) is first, "an unchanged file is not parsed again"
    checks: list[str] = []

    def check(document: YamlDocument) -> str:
        checks.append(document.data["term"])
        return document.data["term"]

    assert memo.derived(first, check) == memo.derived(first, check) == "One" and checks == ["One"]
    path.write_text("term: Two\n", encoding="utf-8")
    second = load_yaml(path, memo)
    assert second is not first and second.data == {"term": "Two"} and memo.derived(second, check) == "Two"
    path.write_text("term: [unclosed\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        load_yaml(path, memo)
    path.write_text("term: Two\n", encoding="utf-8")
    assert load_yaml(path, memo).data == {"term": "Two"}, "a file fixed after an error is read again"


def test_a_block_value_starts_at_its_first_line_of_text(tmp_path):
    """A ``|`` or ``>`` value is pointed at where its text starts, under the indicator,
    whatever the characters before it (some take two UTF-16 units, or several bytes)."""
    path = tmp_path / "entry.yaml"
    path.write_text('name: "é😀€"\nfolded: >-\n    Folded text.\nliteral: |\n   Literal.\nlast: plain\n', encoding="utf-8")
    document = load_yaml(path)
    assert [(document.location(key).line, document.location(key).column) for key in document.data] == [
        (1, 7), (3, 5), (5, 4), (6, 7)]



@pytest.mark.parametrize("value", [
    "yes", "'yes'", "No", "on", "~", "null", "", "1.5", "1e3", "1.0e+3", ".inf", "-.NaN", "0x1F", "0o17", "017",
    "1_000", "+12", "2024-01-31", "2024-01-31 10:00:00Z", "<<", "=", "Text", "tRUE", "!!str 5", '"5"', "|\n  5",
    ">-\n  yes", "[a, 1, yes]", "{a: 1, yes: no}", "\n  - x\n  - 2"])
def test_values_get_the_tags_the_safe_loader_gives_them(value):
    """The loader skips the safe loader's resolver bookkeeping (it has no path resolvers)
    and must still tag every value as it does: ``yes`` a bool, ``'yes'`` text, ``1e3`` text."""
    assert not yaml.SafeLoader.yaml_path_resolvers and not yaml.CSafeLoader.yaml_path_resolvers
    text = f"key: {value}\n"
    assert _tags(yaml.compose(text, Loader=yamldoc._Loader)) == _tags(yaml.compose(text, Loader=yaml.SafeLoader))


def _tags(node: yaml.Node) -> list[str]:
    """The tags of ``node`` and all it holds, in document order."""
    if isinstance(node, yaml.MappingNode):
        return [node.tag, *(tag for key, value in node.value for tag in (*_tags(key), *_tags(value)))]
    if isinstance(node, yaml.SequenceNode):
        return [node.tag, *(tag for item in node.value for tag in _tags(item))]
    return [node.tag]


def test_a_memo_cuts_a_source_into_passages_again_only_when_it_changed(maker):
    memo = ParsedFiles()
    first = load_glossary(maker.project, memo=memo)
    again = load_glossary(maker.project, memo=memo)
    assert all(again.sources[key].text is source.text for key, source in first.sources.items())
    edited = next(iter(first.sources.values()))
    edited.path.write_text(edited.text.text + "\n\nA passage added since.\n", encoding="utf-8")
    after = load_glossary(maker.project, memo=memo)
    assert after.sources[edited.id].text is not edited.text
    assert after.sources[edited.id].text.blocks[-1].text == "A passage added since."
    assert all(after.sources[key].text is source.text for key, source in first.sources.items() if key != edited.id)


_NESTED = """\
term: Nested
quotes:
  - source: first
    text: One.
  - source: second
    text: |
      Two,
      on two lines.
links: {flow: [a, {deep: b}]}
shared: &shared
  inner: x
again: *shared
"""


def _at(document: YamlDocument, *keys: str | int) -> tuple[tuple[int, int], tuple[int, int]]:
    value, key = document.location(*keys), document.key_location(*keys)
    return (value.line, value.column), (key.line, key.column)


@pytest.mark.parametrize(("keys", "value_at", "key_at"), [
    ((), (1, 1), (1, 1)),
    (("quotes",), (3, 3), (2, 1)),
    (("quotes", 1), (5, 5), (5, 5)),                       # an item has no key: its value answers
    (("quotes", 1, "source"), (5, 13), (5, 5)),
    (("quotes", 1, "text"), (7, 7), (6, 5)),               # a block starts at its text, under the indicator
    (("links", "flow", 1, "deep"), (9, 26), (9, 20)),
    (("again", "inner"), (11, 10), (11, 3)),               # through an alias: where its anchor's value is
])
def test_every_key_and_value_is_located_by_its_path(keys, value_at, key_at):
    document = yamldoc.parse_yaml(Path("entry.yaml"), _NESTED)
    assert _at(document, *keys) == (value_at, key_at)


@pytest.mark.parametrize(("keys", "found"), [
    (("missing",), ()),
    (("quotes", 2), ("quotes",)),                          # past the end
    (("quotes", -1), ("quotes",)),                         # counting from the end is no index of the file
    (("quotes", "0"), ("quotes",)),                        # a key where a list is
    (("quotes", 0, "missing", "source"), ("quotes", 0)),   # a later step that exists is not skipped to
    (("quotes", 0, "text", 0), ("quotes", 0, "text")),     # beyond a text
    (("links", 0), ("links",)),                            # an index where a mapping is
    (("links", "flow", 1, "deep", "deeper"), ("links", "flow", 1, "deep")),
])
def test_a_missing_path_is_located_at_its_nearest_parent(keys, found):
    """A value or key that is not there is pointed at the last value on the way to it."""
    document = yamldoc.parse_yaml(Path("entry.yaml"), _NESTED)
    parent = document.location(*found)
    assert _at(document, *keys) == ((parent.line, parent.column),) * 2


def test_a_document_with_no_value_is_located_at_its_start():
    """A byte order mark left after decoding is no document to YAML, and not empty to us."""
    document = yamldoc.parse_yaml(Path("entry.yaml"), "\ufeff\n")
    assert document.data is None
    assert _at(document, "term") == ((1, 1), (1, 1))
