"""The command line as a user meets it: messages, exit codes, preview with live reload."""

from __future__ import annotations

from pypdf import PdfReader

from mesa_glossary.cli import main


def test_check_summary(maker, capsys):
    assert main(["check", str(maker.root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 3 terms, 2 quotes, 1 sources (")


def test_check_errors_go_to_stderr_in_compiler_form(maker, capsys):
    maker.term("optimizer", "term: Optimizer\n")
    assert main(["check", str(maker.root)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "project/glossary/terms/optimizer.yaml:1:1: error: missing required field 'short'",
        "project/glossary/terms/optimizer.yaml:1:1: error: missing required field 'definition'",
        "project/glossary/terms/optimizer.yaml:1:1: error: missing required field 'tags'",
        "3 errors",  # check never writes, so it does not say that nothing was written
    ]


def test_not_a_project(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    assert "error: not a glossary project: glossary/sources.yaml is missing" in capsys.readouterr().err


def test_render_writes_a_complete_docs_tree_for_any_engine(maker, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["render", str(maker.root), "--out", str(out)]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == [
        "changes.md", "index.md", "link.md", "map.md", "sources/forum.md", "sources/index.md", "tags.md",
        "terms/base-optimizer.md", "terms/index.md", "terms/mesa-optimizer.md", "terms/optimizer.md"]
    assert b'<script type="application/json" id="mg-cards">{"base-optimizer":' in \
        (out / "terms" / "mesa-optimizer.md").read_bytes(), "each page carries its cards, for any engine"
    for published in ("glossary.json", "glossary.jsonld", "schema/glossary.schema.json", "changes.xml",
                      "terms/mesa-optimiser/index.html", "terms/mesa-optimizer.md"):
        assert (out / published).is_file()
    (out / "terms" / "stale.md").write_text("old")
    assert main(["render", str(maker.root), "--out", str(out)]) == 0
    assert not (out / "terms" / "stale.md").exists()
    assert "0 written" in capsys.readouterr().out.splitlines()[-1]










def test_pdf_writes_the_book_on_the_paper_asked_for(maker, tmp_path, capsys):
    out = tmp_path / "book.pdf"
    assert main(["pdf", str(maker.root), "-o", str(out), "--paper", "letter"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("wrote ") and " pages in " in captured.out
    assert "pdf: laying out 3 terms and 1 source in 1 chunk…" in captured.err
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
