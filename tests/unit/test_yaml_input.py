"""Files as editors and attackers write them: accepted when harmless, a clear error otherwise."""

from __future__ import annotations

import pytest

from mesa_glossary.core.diagnostics import GlossaryError
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


@pytest.mark.parametrize("content", ["", "\n\n", "# just a comment\n"])
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
