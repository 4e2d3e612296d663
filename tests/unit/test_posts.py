"""Sources a reader can trace: a source entry may give the original address (and, where
certain, the author) of a post whose comment thread the document holds, and it must name
a post title the document really has."""

from __future__ import annotations

from datetime import date

from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.book import book_html
from mesa_glossary.render.exports import glossary_json
from mesa_glossary.render.pages import render_source
from tests.support.projects import SOURCES

POSTS = SOURCES + """\
  posts:
    - title: Second post title
      url: https://www.alignmentforum.org/posts/abc/second-post
      author: Ann <Author>
"""


def test_a_post_title_links_to_its_original_on_the_source_page_in_the_book_and_in_the_export(maker):
    maker.write("glossary/sources.yaml", POSTS)
    glossary = load_glossary(maker.project)
    page = render_source(glossary, glossary.sources["forum"])
    heading = next(line for line in page.splitlines() if line.startswith("## Second post title"))
    after = page.split(heading, 1)[1]
    assert after.startswith("\n\n[Original post](<https://www.alignmentforum.org/posts/abc/second-post>) "
                            "by Ann \\<Author\\>\n{: .mg-post-origin }\n")
    assert page.count("Original post") == 1, "a post without a known address gets no link"

    book = book_html(glossary, built=date(2026, 1, 1))
    assert ('<p class="post-origin">Original post by Ann &lt;Author&gt;: <a class="url" '
            'href="https://www.alignmentforum.org/posts/abc/second-post">') in book

    source = glossary_json(glossary)["sources"][0]
    assert source["posts"] == [{"title": "Second post title", "url": "https://www.alignmentforum.org/posts/abc/second-post",
                                "author": "Ann <Author>"}]


def test_a_post_must_be_one_the_document_holds(maker):
    maker.write("glossary/sources.yaml", POSTS.replace("title: Second post title", "title: Second post titel"))
    assert maker.errors() == ["glossary/sources.yaml:5:14: error: 'Second post titel' is not the title of a post in "
                              "forum.txt; did you mean 'Second post title'?"]
    twice = POSTS + "    - title: Second post title\n      url: https://example.org/other\n"
    maker.write("glossary/sources.yaml", twice)
    assert maker.errors() == ["glossary/sources.yaml:8:14: error: post 'Second post title' is listed twice"]


def test_a_post_address_must_be_a_web_address(maker):
    maker.write("glossary/sources.yaml", POSTS.replace("https://www.alignmentforum.org/posts/abc/second-post",
                                                       "javascript:alert(1)"))
    # One error: the quotes from the rejected source are not also reported as naming an unknown one.
    assert maker.errors() == ["glossary/sources.yaml:6:12: error: '[0].posts[0].url' 'javascript:alert(1)' is not "
                              "valid: use an http:// or https:// URL"]
