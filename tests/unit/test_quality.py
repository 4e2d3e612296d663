"""Editorial quality gates (check --strict) and the coverage report."""

from __future__ import annotations

from mesa_glossary.cli import main
from mesa_glossary.load import quality
from mesa_glossary.load.validate import load_glossary
from tests.support.projects import REPO


def strict_warnings(maker) -> list[str]:
    return [str(w).removeprefix("project/") for w in quality.warnings(load_glossary(maker.project))]


def test_the_fixture_project_has_no_warnings(maker):
    assert strict_warnings(maker) == []


def test_nothing_to_cite_and_nobody_links(maker):
    maker.term("lonely", """\
        term: Lonely
        short: A term with no quote, no reference and no links.
        definition: Nothing links here.
        tags: [framework]
        """)
    assert strict_warnings(maker) == [
        "glossary/terms/lonely.yaml:1:7: warning: 'lonely' has neither a quote nor a reference: cite where it comes from",
        "glossary/terms/lonely.yaml:1:7: warning: no other term links to 'lonely': link it from a definition, "
        "'broader' or 'related'",
    ]


def test_long_summary_repeated_quote_and_copied_definition(maker):
    maker.term("base-optimizer", f"""\
        term: Base optimizer
        short: {"A very long summary " * 9}end.
        definition: |
          Here a neural network is trained by a base optimizer (e.g., stochastic gradient descent) as the sources say.
        tags: [framework]
        broader: [optimizer]
        quotes:
          - source: forum
            text: A neural network is trained by a base optimizer
          - source: forum
            text: trained by a base optimizer (e.g., stochastic gradient descent).
        """)
    assert strict_warnings(maker) == [
        "glossary/terms/base-optimizer.yaml:2:8: warning: 'short' is 184 characters; link previews cut it after "
        "about 160",
        "glossary/terms/base-optimizer.yaml:11:11: warning: this quote repeats a passage already quoted at "
        "project/glossary/terms/base-optimizer.yaml:9:11",
        "glossary/terms/base-optimizer.yaml:4:3: warning: the definition copies 14 words from a source "
        "(\"a neural network is trained by a base optimizer e g stochastic gradient descent\"): quote it instead, and "
        "define it in our own words",
    ]


def test_strict_check_fails_on_warnings(maker, capsys):
    maker.term("lonely", "term: Lonely\nshort: Alone.\ndefinition: Alone.\ntags: [framework]\n")
    assert main(["check", str(maker.root)]) == 0
    assert main(["check", "--strict", str(maker.root)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "2 warnings"


def test_coverage_lists_unquoted_passages(maker, capsys):
    maker.write("seeds/forum.txt", (maker.root / "seeds" / "forum.txt").read_text() + "\nNobody quotes this.\n")
    assert main(["coverage", str(maker.root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "forum: 2 of 3 passages quoted (67%)"
    assert lines[1].startswith("  project/seeds/forum.txt:10: #p-")
    assert lines[1].endswith(" Nobody quotes this.")


def test_the_real_glossary_passes_the_strict_check(capsys):
    assert main(["check", "--strict", str(REPO)]) == 0, capsys.readouterr().err
