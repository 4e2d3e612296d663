"""Permanent addresses, link previews and the JSON and SKOS exports of the built site."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.core.project import Project
from mesa_glossary.core.sources import SourceText
from mesa_glossary.core.urls import redirect_slugs, relative_path, slugify
from mesa_glossary.render.exports import glossary_json, markdown_to_html
from tests.support.projects import REPO


class _Head(HTMLParser):
    """The ``<meta>`` and ``<link rel>`` tags of a page, by name or property."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or attributes.get("http-equiv")
            if key:
                self.meta[key] = attributes.get("content", "")
        elif tag == "link" and "rel" in attributes:
            self.links[attributes["rel"]] = attributes.get("href", "")


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def glossary(built):
    project, _ = built
    return pipeline.check(project)


@pytest.fixture(scope="module")
def exported(built) -> dict:
    _, site = built
    return json.loads((site / "glossary.json").read_text(encoding="utf-8"))


# ---- Permanent addresses ----

def test_slugs_of_names():
    assert slugify("Mesa optimiser") == "mesa-optimiser"
    assert slugify("Naïve  Bayes") == "naive-bayes"
    assert slugify("AI-written  (draft)") == "ai-written-draft"
    assert slugify("λ") == ""


_SITE_PATHS = st.lists(st.sampled_from(["terms", "sources", "a.md", "b", "index.md", "x-y"]), max_size=4).map("/".join)


@given(_SITE_PATHS, _SITE_PATHS)
def test_relative_paths_are_what_relpath_gives(target, start):
    assert relative_path(target, start) == posixpath.relpath(target or ".", start or ".")


def test_every_alias_has_a_redirect_to_its_term(built, glossary):
    _, site = built
    count = 0
    for term in glossary.terms.values():
        canonical = f"{glossary.site.url}terms/{term.slug}/"
        for alias_slug in redirect_slugs(term):
            page = site / "terms" / alias_slug / "index.html"
            tags = head(page)
            assert tags.links["canonical"] == canonical
            assert tags.meta["refresh"] == f"0; url=../{term.slug}/"
            assert tags.meta["og:description"] == term.short
            assert (site / "terms" / alias_slug / tags.meta["refresh"].split("url=")[1] / "index.html").is_file()
            count += 1
    assert count > 100


def test_old_slugs_and_spellings_redirect(built):
    _, site = built
    assert head(site / "terms/mesa-optimiser/index.html").links["canonical"].endswith("/terms/mesa-optimizer/")
    assert head(site / "terms/ida/index.html").links["canonical"].endswith("/terms/amplification/")


def test_an_alias_may_not_take_another_terms_address(maker):
    maker.term("optimizer", """\
        term: Optimizer
        aliases: [Mesa-optimïzer]
        short: A system that searches.
        definition: Anything that searches.
        tags: [framework]
        """)
    assert maker.errors() == [
        "glossary/terms/optimizer.yaml:2:11: error: alias 'Mesa-optimïzer' would redirect /terms/mesa-optimizer/, "
        "which is the page of term 'mesa-optimizer' (project/glossary/terms/mesa-optimizer.yaml:1:1); "
        "change the alias"]


def test_two_aliases_may_not_share_an_address(maker):
    maker.term("optimizer", """\
        term: Optimizer
        aliases: [Mesa optïmiser]
        short: A system that searches.
        definition: Anything that searches.
        tags: [framework]
        """)
    assert maker.errors() == [
        "glossary/terms/optimizer.yaml:2:11: error: alias 'Mesa optïmiser' would redirect /terms/mesa-optimiser/, "
        "which is already redirected by alias 'mesa-optimiser' of term 'mesa-optimizer' "
        "(project/glossary/terms/mesa-optimizer.yaml:2:27); change the alias"]


def test_the_committed_manifest_lists_every_published_url():
    published = pipeline.publish(Project.at(REPO))
    listed = {line for line in (REPO / "glossary/published-urls.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert published.urls - listed == set(), "run 'mesa-glossary urls --update' and commit the manifest"
    assert listed - published.urls == set()


def test_a_url_that_would_vanish_fails_the_build_until_the_old_slug_is_an_alias(maker):
    project = maker.project
    entry = "term: {name}\nshort: Searches inside.\ndefinition: Searches.\ntags: [framework]\n"
    maker.term("inner-search", entry.format(name="Inner search"))
    assert "/terms/inner-search/" in pipeline.update_url_manifest(project)
    (project.terms_dir / "inner-search.yaml").unlink()
    maker.term("internal-search", entry.format(name="Internal search"))
    line = project.url_manifest.read_text(encoding="utf-8").splitlines().index("/terms/inner-search/") + 1
    with pytest.raises(GlossaryError) as raised:
        pipeline.render(project)
    assert [str(d).removeprefix("project/") for d in raised.value.diagnostics] == [
        f"glossary/published-urls.txt:{line}:1: error: published URL /terms/inner-search/ would disappear; "
        "if its term was renamed or merged, add 'inner-search' to the aliases of the term it became, "
        "so the old address redirects there"]
    assert not project.rendered_dir.exists(), "a failed render writes nothing"
    maker.term("internal-search", entry.format(name="Internal search\naliases: [inner-search]"))
    rendered = pipeline.render(project)
    assert rendered.published.new_urls == ["/terms/internal-search/"]
    assert (project.rendered_dir / "terms/inner-search/index.html").is_file()


def test_a_vanishing_passage_anchor_is_named(maker):
    project = maker.project
    pipeline.update_url_manifest(project)
    seed = project.seeds_dir / "forum.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("(e.g., stochastic gradient descent)", "(SGD)"),
                    encoding="utf-8")
    maker.term("base-optimizer", (project.terms_dir / "base-optimizer.yaml").read_text(encoding="utf-8"))
    with pytest.raises(GlossaryError) as raised:
        pipeline.render(project)
    (problem,) = raised.value.diagnostics
    assert re.fullmatch(r"published URL /sources/forum/#p-[0-9a-f]{8} would disappear: the passage it anchors "
                        r"is gone from its source; .*", problem.message)


def test_passage_anchors_survive_edits_elsewhere_in_the_source():
    before = SourceText("Title one\n\nFirst passage, as written.\n\nSecond passage, as written.\n")
    after = SourceText("A new title\n\nAn inserted passage.\n\nTitle one\n\nFirst passage, as written.\n\n"
                       "Another new one.\n\nSecond passage, as written.\n")
    anchors = {block.text: block.anchor for block in after.blocks}
    for block in before.blocks:
        assert anchors[block.text] == block.anchor


# ---- Link previews ----

def test_every_term_page_carries_its_link_preview(built, glossary):
    _, site = built
    for term in glossary.terms.values():
        tags = head(site / "terms" / term.slug / "index.html")
        url = f"{glossary.site.url}terms/{term.slug}/"
        assert tags.meta["description"] == term.short
        assert tags.meta["og:title"] == term.name
        assert tags.meta["og:description"] == term.short
        assert tags.meta["og:url"] == url == tags.links["canonical"]
        assert tags.meta["og:type"] == "article"
        assert tags.meta["og:site_name"] == glossary.site.title
        assert tags.meta["twitter:card"] == "summary_large_image"  # with the term's picture
        assert tags.meta["og:image"] == tags.meta["twitter:image"] == f"{glossary.site.url}social/{term.slug}.png"
        assert (site / "social" / f"{term.slug}.png").is_file()
        assert tags.meta["twitter:title"] == term.name
        assert tags.meta["twitter:description"] == term.short


def test_other_pages_preview_as_the_site(built, glossary):
    _, site = built
    tags = head(site / "index.html")
    assert tags.meta["og:type"] == "website"
    assert tags.meta["og:url"] == glossary.site.url
    assert tags.meta["og:description"] == glossary.site.description


# ---- Exports ----

def test_the_json_export_validates_against_its_published_schema(built, exported, glossary):
    _, site = built
    schema = json.loads((site / "schema/glossary.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(exported), key=str)
    assert errors == []
    assert exported["$schema"] == schema["$id"] == glossary.site.url + "schema/glossary.schema.json"
    assert exported["version"] == "1.3"
    assert [term["slug"] for term in exported["terms"]] == [term.slug for term in glossary.sorted_terms()]


def test_the_schema_rejects_what_it_should(built, exported):
    _, site = built
    validator = Draft202012Validator(json.loads((site / "schema/glossary.schema.json").read_text(encoding="utf-8")))
    broken = json.loads(json.dumps(exported))
    del broken["terms"][0]["short"]
    broken["terms"][1]["url"] = "not a url"
    assert len(list(validator.iter_errors(broken))) == 2


def test_a_json_term_has_everything_a_citer_needs(exported, glossary):
    term = next(t for t in exported["terms"] if t["slug"] == "mesa-optimizer")
    assert term["url"] == glossary.site.url + "terms/mesa-optimizer/"
    assert term["title"] == "Mesa-optimizer"
    assert "mesa optimizer" in term["aliases"]
    assert glossary.site.url + "terms/mesa-optimiser/" in term["alias_urls"]
    assert "[base optimizer](https://mesa-glossary.example.org/terms/base-optimizer/)" in term["definition"]["markdown"]
    assert '<a href="https://mesa-glossary.example.org/terms/base-optimizer/">base optimizer</a>' \
        in term["definition"]["html"]
    assert "optimizer" in term["relations"]["broader"]
    quote = term["quotes"][0]
    source = glossary.sources[quote["source"]]
    assert quote["text"] in source.text.text
    assert re.fullmatch(re.escape(glossary.site.url + f"sources/{source.id}/#") + r"p-[0-9a-f]{8}", quote["passage_url"])


def test_the_revision_changes_with_the_content_only(maker):
    first = glossary_json(pipeline.check(maker.project))["revision"]
    assert glossary_json(pipeline.check(maker.project))["revision"] == first
    maker.term("optimizer", "term: Optimizer\nshort: Searches.\ndefinition: Anything that searches.\ntags: [framework]\n")
    assert glossary_json(pipeline.check(maker.project))["revision"] != first


def test_html_in_a_definition_is_inert_in_the_export(maker):
    maker.term("optimizer", "term: Optimizer\nshort: Searches.\ntags: [framework]\n"
                            "definition: Anything <script>alert(1)</script> that <b>searches</b>.\n")
    term = next(t for t in glossary_json(pipeline.check(maker.project))["terms"] if t["slug"] == "optimizer")
    assert "<script>" not in term["definition"]["html"] and "<b>" not in term["definition"]["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in term["definition"]["html"]



def test_exported_html_drops_link_targets_that_could_run():
    # The check already refuses such links in definitions; the export does not rely on it.
    assert markdown_to_html("[a](javascript:alert(1)) [b](https://x.org) [c](#here) [d](../e)") == (
        '<p><a>a</a> <a href="https://x.org">b</a> <a href="#here">c</a> <a href="../e">d</a></p>')


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's JSON-LD parser
def test_the_skos_export_parses_as_rdf_with_one_concept_per_term(built, glossary):
    _, site = built
    graph = Graph().parse(data=(site / "glossary.jsonld").read_text(encoding="utf-8"), format="json-ld")
    scheme = URIRef(glossary.site.url)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts == {URIRef(f"{glossary.site.url}terms/{slug}/") for slug in glossary.terms}
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert list(graph.objects(scheme, SKOS.prefLabel)) == [Literal(glossary.site.title, lang="en")]
    for term in glossary.terms.values():
        concept = URIRef(f"{glossary.site.url}terms/{term.slug}/")
        assert list(graph.objects(concept, SKOS.prefLabel)) == [Literal(term.name, lang="en")]
        assert set(graph.objects(concept, SKOS.altLabel)) == {Literal(alias, lang="en") for alias in term.aliases}
        assert (concept, SKOS.inScheme, scheme) in graph
        (definition,) = graph.objects(concept, SKOS.definition)
        assert "[[" not in definition and len(definition) > 40
        for slug in term.broader:
            broader = URIRef(f"{glossary.site.url}terms/{slug}/")
            assert (concept, SKOS.broader, broader) in graph and (broader, SKOS.narrower, concept) in graph
        for other in glossary.related_to(term):
            assert (concept, SKOS.related, URIRef(f"{glossary.site.url}terms/{other.slug}/")) in graph
    # SKOS integrity: skos:related is disjoint from the broader chain (skos:broaderTransitive).
    broader_transitive = {(a, c) for a, b in graph.subject_objects(SKOS.broader)
                          for c in graph.transitive_objects(b, SKOS.broader)}
    for a, b in graph.subject_objects(SKOS.related):
        assert (a, b) not in broader_transitive and (b, a) not in broader_transitive, (a, b)
        assert ((scheme, SKOS.hasTopConcept, concept) in graph) == (not term.broader)
