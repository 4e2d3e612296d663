"""Every validation error, with its exact message and line number."""

from __future__ import annotations

import gc

import pytest

from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.load.validate import load_glossary
from tests.support.projects import SEED, SOURCES, optimizer_with

SOURCES_TWO = SOURCES + "- id: mats-and-speed-prior-comments\n  file: other.txt\n  title: Other comments\n"


def test_the_fixture_project_is_valid(maker):
    glossary = load_glossary(maker.project)
    assert sorted(glossary.terms) == ["base-optimizer", "mesa-optimizer", "optimizer"]


def test_loading_turns_the_garbage_collector_back_on_even_when_it_fails(maker):
    load_glossary(maker.project)
    assert gc.isenabled()
    (maker.root / "glossary" / "sources.yaml").unlink()
    maker.write("glossary/sources.yaml/forum.yaml", "a folder where the file should be\n")
    with pytest.raises(GlossaryError):
        load_glossary(maker.project)
    assert gc.isenabled()


def test_malformed_yaml_points_at_the_problem(errors_for):
    errors = errors_for("optimizer", "term: Optimizer\nshort: [unclosed\ndefinition: x\n")
    assert len(errors) == 1
    assert errors[0].startswith("glossary/terms/optimizer.yaml:3:")
    assert ": error: invalid YAML:" in errors[0]


def test_tab_indentation_is_named(errors_for):
    errors = errors_for("optimizer", "term: Optimizer\ntags:\n\t- framework\n")
    assert errors == ["glossary/terms/optimizer.yaml:3:1: error: invalid YAML: tab character; YAML is indented "
                      "with spaces only (the parser says: found character '\\t' that cannot start any token)"]


def test_missing_field(errors_for):
    errors = errors_for("optimizer", """\
        term: Optimizer
        definition: Anything that searches.
        tags: [framework]
        """)
    assert errors == ["glossary/terms/optimizer.yaml:1:1: error: missing required field 'short'"]


def test_wrongly_typed_field_suggests_quoting(errors_for):
    errors = errors_for("optimizer", """\
        term: no
        short: A system that searches.
        definition: 12
        tags: framework
        """)
    assert errors == [
        "glossary/terms/optimizer.yaml:1:7: error: 'term' must be text, not a boolean (false); "
        "put it in quotes to keep it as text",
        "glossary/terms/optimizer.yaml:3:13: error: 'definition' must be text, not a number (12); "
        "put it in quotes to keep it as text",
        "glossary/terms/optimizer.yaml:4:7: error: 'tags' must be a list, not str",
    ]


def test_unknown_field_suggests_the_near_one(errors_for):
    errors = errors_for("optimizer", """\
        term: Optimizer
        short: A system that searches.
        definiton: Anything that searches.
        definition: Anything that searches.
        tags: [framework]
        """)
    assert errors == ["glossary/terms/optimizer.yaml:3:1: error: unknown field 'definiton'; "
                      "did you mean 'definition'?"]


def test_short_over_the_limit(errors_for):
    errors = errors_for("optimizer", f"term: Optimizer\nshort: {'word ' * 45}\ndefinition: x\ntags: [framework]\n")
    assert errors == ["glossary/terms/optimizer.yaml:2:8: error: 'short' is 224 characters; the limit is 200"]


def test_nested_quote_fields_are_checked(errors_for):
    errors = errors_for("optimizer", optimizer_with("""\
        quotes:
          - source: forum
          - text: hello
            sorce: forum
        """))
    assert errors == [
        "glossary/terms/optimizer.yaml:6:5: error: missing required field 'text' in 'quotes[0]'",
        "glossary/terms/optimizer.yaml:7:5: error: missing required field 'source' in 'quotes[1]'",
        "glossary/terms/optimizer.yaml:8:5: error: unknown field 'sorce'; did you mean 'source'?",
    ]


def test_invalid_file_name_slug(maker):
    maker.term("Mesa Optimizer", "term: X\n")
    errors = maker.errors()
    assert errors == ["glossary/terms/Mesa Optimizer.yaml:1:1: error: file name 'Mesa Optimizer.yaml' is not a "
                      "valid slug: use lower-case letters, digits and single hyphens, as in 'mesa-optimizer.yaml'"]


def test_slug_field_must_match_file_name(errors_for):
    errors = errors_for("optimizer", """\
        term: Optimizer
        slug: optimiser
        short: A system that searches.
        definition: Anything that searches.
        tags: [framework]
        """)
    assert errors == ["glossary/terms/optimizer.yaml:2:7: error: slug 'optimiser' does not match the file name "
                      "'optimizer.yaml'"]


def test_non_yaml_file_in_terms(maker):
    maker.write("glossary/terms/optimizer.yml", "term: X\n")
    assert maker.errors() == ["glossary/terms/optimizer.yml:1:1: error: not a term file: term files are named "
                              "<slug>.yaml"]


def test_colliding_names_across_terms(errors_for):
    errors = errors_for("optimizer", """\
        term: Optimizer
        aliases: [Mesa Optimizer]
        short: A system that searches.
        definition: Anything that searches.
        tags: [framework]
        """)
    assert errors == ["glossary/terms/optimizer.yaml:2:11: error: alias 'Mesa Optimizer' collides with "
                      "'mesa-optimizer' of term 'mesa-optimizer' (project/glossary/terms/mesa-optimizer.yaml:1:1); "
                      "names must differ in more than case and punctuation"]


def test_names_within_one_term_may_differ_only_in_punctuation(maker):
    assert maker.errors() == []  # 'Mesa-optimizer' with alias 'mesa optimizer' in the fixture


def test_unknown_link_suggests_the_nearest_slug(errors_for):
    errors = errors_for("optimizer", """\
        term: Optimizer
        short: A system that searches.
        definition: |
          Anything that searches,
          like a [[mesa-optimiser-x|learned one]] or `[[not-a-link]]`.
        tags: [framework]
        """)
    assert errors == ["glossary/terms/optimizer.yaml:5:10: error: link 'mesa-optimiser-x' names no term; "
                      "did you mean 'mesa-optimizer'?"]


def test_links_resolve_by_alias(errors_for):
    assert errors_for("optimizer", """\
        term: Optimizer
        short: A system that searches.
        definition: Like a [[Mesa Optimiser]].
        tags: [framework]
        """) == []


def test_unknown_broader_and_related(errors_for):
    errors = errors_for("optimizer", optimizer_with("""\
        broader: [optimiser]
        related: [base-optimiser, optimizer]
        """))
    assert errors == [
        "glossary/terms/optimizer.yaml:5:11: error: broader 'optimiser' names no term; did you mean 'optimizer'?",
        "glossary/terms/optimizer.yaml:6:11: error: related 'base-optimiser' names no term; "
        "did you mean 'base-optimizer'?",
        "glossary/terms/optimizer.yaml:6:27: error: a term cannot be related to itself",
    ]


def test_broader_cycle(errors_for):
    errors = errors_for("optimizer", optimizer_with("""\
        broader: [mesa-optimizer]
        """))
    assert errors == ["glossary/terms/mesa-optimizer.yaml:7:11: error: 'broader' makes a cycle: "
                      "optimizer → mesa-optimizer → optimizer"]


def test_unknown_source_id(errors_for):
    errors = errors_for("optimizer", optimizer_with("""\
        quotes:
          - source: forums
            text: a mesa-optimizer
        """))
    assert errors == ["glossary/terms/optimizer.yaml:6:13: error: unknown source 'forums'; did you mean 'forum'? "
                      "The sources are: forum"]


def test_quote_not_found_shows_the_closest_passage(errors_for):
    errors = errors_for("optimizer", optimizer_with("""\
        quotes:
          - source: forum
            text: >-
              When the learned algorithm is also an optimiser, we call it a mesa-optimizer.
        """))
    assert errors == [
        "glossary/terms/optimizer.yaml:8:7: error: quote not found in source 'forum'; the first 38 characters "
        "match, then it differs at \"optimiser, we call it a mesa-optimizer.\"; the source says \"optimizer, we call it a "
        "mesa-optimizer.…\"; closest passage (forum.txt:3): \"When the "
        "learned algorithm is also an optimizer, we call it a mesa-optimizer. Costs are $5 and *stars* and_under "
        "<b>bold</b>.\""
    ]


def test_duplicate_source_ids_and_missing_seed_file(maker):
    maker.write("glossary/sources.yaml", """\
        - id: forum
          file: forum.txt
          title: Forum comments
        - id: forum
          file: forum.txt
          title: Again
        - id: other
          file: forun.txt
          title: Missing
        - id: escape
          file: ..
          title: Outside
        """)
    assert maker.errors() == [
        "glossary/sources.yaml:4:7: error: source id 'forum' is already used at project/glossary/sources.yaml:1:7",
        "glossary/sources.yaml:8:9: error: no file 'forun.txt' in seeds/; did you mean 'forum.txt'?",
        "glossary/sources.yaml:11:9: error: file must be inside seeds/",
    ]


@pytest.mark.parametrize("name", ["forum\\0.txt", "forum\\n.txt", "for\\x1bum.txt"])
def test_a_source_file_name_with_a_control_character_is_an_error_not_a_crash(maker, name):
    """A NUL made the path unresolvable (a ValueError escaped as a traceback); a line feed
    or an escape would reach error lines and file names. The schema refuses them all."""
    maker.write("glossary/sources.yaml", f"""\
        - id: forum
          file: "{name}"
          title: Forum comments
        """)
    errors = maker.errors()
    assert any(error.startswith("glossary/sources.yaml:2:9: error: '[0].file'") and "without control characters" in error
               for error in errors), errors


def test_all_problems_are_reported_in_one_run(maker):
    maker.term("optimizer", "term: Optimizer\nshort: x\ndefinition: y\ntags: []\n")
    maker.term("broken", "term: [\n")
    errors = maker.errors()
    assert [error.split(":")[0] for error in errors] == ["glossary/terms/broken.yaml", "glossary/terms/optimizer.yaml"]


def test_a_source_that_is_not_utf8(maker):
    maker.write("seeds/forum.txt", b"Title\n\nA caf\xe9 passage.\n")
    assert maker.errors() == ["seeds/forum.txt:3:6: error: file is not UTF-8: byte 0xe9 cannot be decoded"]


def test_the_site_settings_are_required(maker):
    (maker.root / "glossary" / "site.yaml").unlink()
    assert maker.errors() == ["glossary/site.yaml:1:1: error: the site settings file is missing: it names the "
                              "glossary ('title') and its public address ('url')"]


def test_the_site_address_must_be_a_folder_url(maker):
    maker.write("glossary/site.yaml", "title: Test Glossary\nurl: https://glossary.test/terms\n")
    assert maker.errors() == ["glossary/site.yaml:2:6: error: 'url' 'https://glossary.test/terms' is not valid: "
                              "use an http:// or https:// URL ending in '/'"]


def test_the_site_settings_reach_the_model(maker):
    maker.write("glossary/site.yaml", "title: Test Glossary\nurl: https://glossary.test/\npublisher: The team\n")
    site = load_glossary(maker.project).site
    assert (site.title, site.url, site.description, site.publisher) == \
        ("Test Glossary", "https://glossary.test/", None, "The team")


def test_a_definition_may_not_link_a_script(errors_for):
    errors = errors_for("optimizer", optimizer_with("").replace(
        "definition: Anything that searches.",
        "definition: Anything [that](javascript:alert(1)) searches, [ok](https://x.org), `[c](javascript:x)`."))
    assert errors == ["glossary/terms/optimizer.yaml:3:29: error: link target 'javascript:alert(1' is not allowed: "
                      "link an http(s) or mailto address, or a term as [[slug]]"]


def test_related_may_not_join_a_term_to_its_broader_chain(maker):
    maker.term("inner-search", "term: Inner search\nshort: Search inside a model.\ndefinition: Search.\n"
                               "tags: [framework]\nbroader: [mesa-optimizer]\nrelated: [optimizer]\n")
    assert maker.errors() == [
        "glossary/terms/inner-search.yaml:6:11: error: 'related' joins 'inner-search' to 'optimizer', which is "
        "broader than it (inner-search → mesa-optimizer → optimizer); a term is related only to terms outside "
        "its broader chain: drop this line"]
    maker.term("inner-search", "term: Inner search\nshort: Search inside a model.\ndefinition: Search.\n"
                               "tags: [framework]\nbroader: [mesa-optimizer]\n")
    maker.term("optimizer", optimizer_with("related: [inner-search]\n"))
    assert maker.errors() == [
        "glossary/terms/optimizer.yaml:5:11: error: 'related' joins 'optimizer' to 'inner-search', which is "
        "narrower than it (inner-search → mesa-optimizer → optimizer); a term is related only to terms outside "
        "its broader chain: drop this line"]


def test_a_term_may_use_only_declared_tags(maker):
    maker.term("optimizer", optimizer_with("").replace("tags: [framework]", "tags: [framework, framewrok]"))
    assert maker.errors() == ["glossary/terms/optimizer.yaml:4:19: error: tag 'framewrok' is not declared in "
                              "glossary/tags.yaml; did you mean 'framework'?"]


def test_the_tags_file_is_required_and_checked(maker):
    maker.write("glossary/tags.yaml", "- name: framework\n  description: One.\n- name: framework\n"
                                      "  description: Two.\n- name: Bad Tag\n")
    errors = maker.errors()
    assert "glossary/tags.yaml:3:9: error: tag 'framework' is declared twice" not in errors  # schema errors first
    assert any(error.startswith("glossary/tags.yaml:5:") for error in errors)
    maker.write("glossary/tags.yaml", "- name: framework\n  description: One.\n- name: framework\n  description: Two.\n")
    assert maker.errors() == ["glossary/tags.yaml:3:9: error: tag 'framework' is declared twice"]
    (maker.root / "glossary" / "tags.yaml").unlink()
    assert maker.errors() == ["glossary/tags.yaml:1:1: error: the tags file is missing: it declares each family of "
                              "terms ('name') and what it holds ('description')"]


# ---- Messages that answer the author's next question ----

def test_an_unknown_source_suggests_the_one_with_the_most_words_in_common_and_lists_them_all(maker):
    maker.write("glossary/sources.yaml", SOURCES_TWO)
    maker.write("seeds/other.txt", "Another forum.\n")
    maker.term("optimizer", optimizer_with("""\
        quotes:
          - source: mats-comments
            text: we call it a mesa-optimizer
        """))
    assert maker.errors() == ["glossary/terms/optimizer.yaml:6:13: error: unknown source 'mats-comments'; did you "
                              "mean 'mats-and-speed-prior-comments'? The sources are: forum, "
                              "mats-and-speed-prior-comments"]


def test_a_quote_in_another_source_says_which(maker):
    maker.write("glossary/sources.yaml", SOURCES_TWO)
    maker.write("seeds/other.txt", "Another forum, where a mesa-optimizer is discussed.\n")
    maker.term("optimizer", optimizer_with("""\
        quotes:
          - source: forum
            text: where a mesa-optimizer is discussed
        """))
    assert maker.errors() == ["glossary/terms/optimizer.yaml:7:11: error: quote not found in source 'forum', but it "
                              "is in source 'mats-and-speed-prior-comments': write 'source: "
                              "mats-and-speed-prior-comments'"]


def test_a_look_alike_character_is_named_by_its_code_point(maker):
    maker.write("seeds/forum.txt", SEED.replace("we call it", "we’d call it"))
    maker.term("optimizer", optimizer_with("""\
        quotes:
          - source: forum
            text: "When the learned algorithm is also an optimizer, we'd call it a mesa-optimizer"
        """))
    error = next(error for error in maker.errors() if error.startswith("glossary/terms/optimizer.yaml"))
    assert ("the quote has U+0027 APOSTROPHE (\"'\") where the source has U+2019 RIGHT SINGLE QUOTATION MARK "
            "('’')") in error


def test_a_relation_written_as_a_name_is_told_the_slug(maker):
    maker.term("optimizer", optimizer_with("related: [Mesa optimizer]\n"))
    assert maker.errors() == ["glossary/terms/optimizer.yaml:5:11: error: 'related[0]' 'Mesa optimizer' is not valid: "
                              "use lower-case letters, digits and hyphens; did you mean 'mesa-optimizer'?"]
    maker.term("optimizer", optimizer_with("related: [mesa-optimiser]\n"))  # an alias, written as a slug
    assert maker.errors() == ["glossary/terms/optimizer.yaml:5:11: error: related 'mesa-optimiser' names no term; "
                              "'mesa-optimiser' is a name of the term 'mesa-optimizer': write its slug, "
                              "'mesa-optimizer'"]


@pytest.mark.parametrize(("text", "plain"), [
    ("term: Optimizer\naliases:\n  - one\n two\n", "this line is not indented like the keys around it"),
    ("term: Optimizer\nshort: A thing: that searches\n", "a ': ' inside a value"),
    ("term: \"Optimizer\nshort: x\n", "a quote that is opened and never closed"),
])
def test_yaml_mistakes_are_said_in_plain_words(maker, text, plain):
    maker.term("optimizer", text)
    [error] = maker.errors()
    assert f"invalid YAML: {plain}" in error and "(the parser says: " in error
