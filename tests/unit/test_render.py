"""The Markdown the renderers write: literal source text, resolved links, highlights."""

from __future__ import annotations

import markdown

from mesa_glossary import pipeline
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.markup import escape, escape_lines
from mesa_glossary.render.pages import render_source, render_term
from tests.support.projects import optimizer_with

EXTENSIONS = ["attr_list", "md_in_html", "toc", "pymdownx.escapeall"]


def to_html(text: str) -> str:
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return markdown.markdown(body, extensions=EXTENSIONS)


def test_escaped_text_comes_out_literally():
    tricky = r"$bad_thing \$x *not em* _nor_ <script>alert(1)</script> & [x](y) `code` # 1. - + !"
    html = to_html(escape(tricky))
    assert html == ("<p>$bad_thing \\$x *not em* _nor_ &lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](y) "
                    "`code` # 1. - + !</p>")


def test_line_breaks_are_kept_without_turning_into_code_or_lists():
    html = to_html(escape_lines("first line\n    1. indented\n- dash"))
    assert html == "<p>first line<br>\n1. indented<br>\n- dash</p>"


def test_term_page(maker):
    glossary = load_glossary(maker.project)
    html = to_html(render_term(glossary, glossary.terms["mesa-optimizer"]))
    assert "<h1 id=\"mesa-optimizer\">Mesa-optimizer</h1>" in html
    assert '<a href="base-optimizer.md">base optimizer</a>' in html  # [[slug]] reads as running text
    assert "Also called <em>mesa optimizer</em>, <em>mesa-optimiser</em>" in html
    assert '<a href="../optimizer/">Optimizer</a>: A system that searches' in html  # broader term, as served
    # the quote shows the source's own characters (its double space), and links to its passage
    assert "we call it\n<br>" not in html
    anchor = glossary.terms["mesa-optimizer"].quotes[0].anchor
    assert f'href="../sources/forum.md#{anchor}"' in html


def test_definition_links_inside_code_stay_literal(maker):
    maker.term("optimizer", """\
        term: Optimizer
        short: A system that searches.
        definition: "Write `[[mesa-optimizer]]` to link [[mesa-optimizer|a mesa-optimizer]]."
        tags: [framework]
        """)
    glossary = load_glossary(maker.project)
    html = to_html(render_term(glossary, glossary.terms["optimizer"]))
    assert "<code>[[mesa-optimizer]]</code>" in html
    assert '<a href="mesa-optimizer.md">a mesa-optimizer</a>' in html


def test_source_page_highlights_quotes_and_links_back(maker):
    glossary = load_glossary(maker.project)
    html = to_html(render_source(glossary, glossary.sources["forum"]))
    assert '<h2 id="risks-from-learned-optimization">Risks from Learned Optimization</h2>' in html
    passage = glossary.terms["mesa-optimizer"].quotes[0].anchor
    assert f'<p class="mg-passage mg-has-quote" id="{passage}">' in html
    assert ('we call it<br>\na <a class="mg-mention" href="../terms/mesa-optimizer.md">mesa-optimizer</a>.</mark> '
            '<span class="mg-quoted-by">(quoted in <a href="../terms/mesa-optimizer.md">Mesa-optimizer</a>)</span>'
            ) in html
    assert " Costs are $5 and *stars* and_under &lt;b&gt;bold&lt;/b&gt;." in html


def test_overlapping_quotes_are_both_highlighted(maker):
    maker.term("optimizer", optimizer_with("""\
        quotes:
          - source: forum
            text: "also an optimizer, we call it a mesa-optimizer. Costs are $5"
        """))
    glossary = load_glossary(maker.project)
    html = to_html(render_source(glossary, glossary.sources["forum"]))
    assert ('<mark class="mg-quoted">When the learned algorithm is </mark><mark class="mg-quoted">also an '
            '<a class="mg-mention" href="../terms/optimizer.md">optimizer</a>,   we call it<br>\na '
            '<a class="mg-mention" href="../terms/mesa-optimizer.md">mesa-optimizer</a>.</mark> '
            '<span class="mg-quoted-by">(quoted in <a href="../terms/mesa-optimizer.md">Mesa-optimizer</a>)</span>'
            '<mark class="mg-quoted"> Costs are $5</mark> '
            '<span class="mg-quoted-by">(quoted in <a href="../terms/optimizer.md">Optimizer</a>)</span>') in html


def test_a_term_without_quotes_says_so_and_where_the_sources_name_it(maker):
    glossary = load_glossary(maker.project)
    html = to_html(render_term(glossary, glossary.terms["optimizer"]))
    # The seed's first passage says "also an optimizer": the page must not claim that no passage uses it.
    assert '<p class="mg-no-quote">No passage is quoted for this term yet; these passages of the sources name it:' \
        in html
    assert "<mark>optimizer</mark>" in html
    assert "<h2 id=\"references\">References</h2>" in html


def test_definition_links_the_first_mention_of_each_term_outside_code_and_links(maker):
    maker.term("base-optimizer", """\
        term: Base optimizer
        short: The training process that searches over models.
        definition: |
          A base optimizer trains it. `an optimizer` in code and [an optimizer](https://example.org)
          stay as they are; then an optimizer, and another optimizer. It may make a
          [[mesa-optimizer]], so a mesa optimizer is not linked twice.
        tags: [framework]
        broader: [optimizer]
        """)
    glossary = load_glossary(maker.project)
    html = to_html(render_term(glossary, glossary.terms["base-optimizer"]))
    assert "A base optimizer trains it." in html  # the page's own term is not linked
    assert "<code>an optimizer</code>" in html
    assert '<a href="https://example.org">an optimizer</a>' in html
    assert 'then an <a class="mg-mention" href="optimizer.md">optimizer</a>, and another optimizer.' in html
    assert '<a href="mesa-optimizer.md">mesa-optimizer</a>, so a mesa optimizer is not linked twice' in html


def test_source_passages_link_the_terms_they_mention(maker):
    glossary = load_glossary(maker.project)
    html = to_html(render_source(glossary, glossary.sources["forum"]))
    assert ('<mark class="mg-quoted">When the learned algorithm is also an <a class="mg-mention" '
            'href="../terms/optimizer.md">optimizer</a>,   we call it<br>\na <a class="mg-mention" '
            'href="../terms/mesa-optimizer.md">mesa-optimizer</a>.</mark>') in html
    assert ('<mark class="mg-quoted">A neural network is trained by a <a class="mg-mention" '
            'href="../terms/base-optimizer.md">base optimizer</a></mark>') in html


def test_quotes_on_a_term_page_link_other_terms_only(maker):
    glossary = load_glossary(maker.project)
    html = to_html(render_term(glossary, glossary.terms["mesa-optimizer"]))
    assert 'also an <a class="mg-mention" href="optimizer.md">optimizer</a>,   we call it<br>\na mesa-optimizer.' in html


def test_html_in_a_definition_is_shown_never_run(maker):
    maker.term("optimizer", "term: Optimizer\nshort: Searches.\ntags: [framework]\n"
                            "definition: |\n  Anything <script>alert(1)</script> that <b>searches</b>,"
                            " <img src=x onerror=alert(2)>, `<code>` and <https://example.org>.\n")
    pipeline.render(maker.project)
    page = (maker.project.rendered_dir / "terms" / "optimizer.md").read_text(encoding="utf-8")
    body = page.split("---\n", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "pymdownx.escapeall"])
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<code>&lt;code&gt;</code>" in html
    assert '<a href="https://example.org">https://example.org</a>' in html


def test_lists_of_terms_are_html_whose_text_is_shown_not_run(maker):
    """The lists of terms with their summaries are HTML blocks: the glossary's text goes
    into them escaped, and their links are the URLs each copy of the site serves."""
    maker.term("inner-search", "term: Inner <script>alert(1)</script> search\n"
               "short: 'Search <img src=https://evil.test/x> & [[optimizer]] *inside*.'\n"
               "definition: Search inside a model, as an [[optimizer]] does.\ntags: [framework]\n"
               "broader: [optimizer]\naliases: ['<b>bold</b> search']\n")
    glossary = load_glossary(maker.project)
    page = render_term(glossary, glossary.terms["optimizer"])
    item = ('<li><a href="../inner-search/">Inner &lt;script&gt;alert(1)&lt;/script&gt; search</a>: '
            "Search &lt;img src=https://evil.test/x&gt; &amp; [[optimizer]] *inside*.</li>")
    assert item in page and "<script>" not in page.replace('<script type="application/json"', "")
    html = to_html(page)
    assert item in html and "<img" not in html, "Markdown leaves the HTML block as it is"
    offline = render_term(glossary, glossary.terms["optimizer"], html_files=True)
    assert '<li><a href="inner-search.html">' in offline, "the copy read from disk links files"
    tree = pipeline.publish(maker.project).files
    assert '<span class="mg-alias" hidden>&lt;b&gt;bold&lt;/b&gt; search</span>' in tree["terms/index.md"].decode()
