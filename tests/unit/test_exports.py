"""The export files are joined from each term's JSON: the same text as the data written whole."""

from __future__ import annotations

import json

from mesa_glossary.core.urls import JSON_FILE, JSONLD_FILE
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.exports import ExportedTerms, export_files, glossary_json, glossary_jsonld
from tests.support.projects import OPTIMIZER

#: A summary with what JSON must escape, and what a naive join could break on, as YAML
#: writes it and as it reads.
AWKWARD_YAML = r'"Quotes \" and \\ backslashes, ], }, </script> and \u00e9 \U0001F600."'
AWKWARD = 'Quotes " and \\ backslashes, ], }, </script> and \u00e9 \U0001f600.'


def _written_whole(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_the_files_are_the_data_written_whole(maker):
    maker.term("optimizer", OPTIMIZER.replace("A system that searches.", AWKWARD_YAML))
    glossary = load_glossary(maker.project)
    files = export_files(glossary)
    exported = glossary_json(glossary)
    assert files[JSON_FILE] == _written_whole(exported)
    assert files[JSONLD_FILE] == _written_whole(glossary_jsonld(exported))
    assert json.loads(files[JSON_FILE])["terms"][-1]["short"] == AWKWARD


def test_kept_entries_make_the_files_of_each_version(maker):
    kept = ExportedTerms()
    first = export_files(load_glossary(maker.project), kept)
    maker.term("optimizer", OPTIMIZER.replace("A system that searches.", "A system that searches, edited."))
    glossary = load_glossary(maker.project)
    kept.forget(["optimizer"])
    second = export_files(glossary, kept)
    assert second == export_files(glossary), "entries kept from before give the files made afresh"
    assert json.loads(second[JSON_FILE])["revision"] != json.loads(first[JSON_FILE])["revision"]
    assert second[JSONLD_FILE] != first[JSONLD_FILE]
