"""Tools for authors: the ``link`` command and the Python-Markdown extension, on sample posts."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import markdown
import pytest

from mesa_glossary.cli import main
from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.tools.catalog import Catalog, load_catalog
from mesa_glossary.tools.linker import link_post
from tests.support.browser import serve_folder
from tests.support.projects import OPTIMIZER

URL = "https://glossary.test/terms/"

POST = """\
---
title: Optimizers all the way down
---
# Mesa-optimizers in the wild

A Mesa Optimizer is trained by a BASE OPTIMIZER; a second mesa-optimizer is not linked.
See [the optimizer page](https://glossary.test/terms/optimizer/) for optimizers in general.

Base optimizers
---------------

Inline `mesa-optimizer` code, a URL https://example.com/mesa-optimizer and <b>optimizer</b>.

```python
base_optimizer = "mesa-optimizer"
```

    an indented mesa-optimizer example

- a list item about the mesa-optimiser
"""

#: Only the first paragraph changes: the heading, the link the post already has, code,
#: the URL, raw HTML and second mentions stay as they were.
LINKED_FIRST = POST.replace(
    "A Mesa Optimizer is trained by a BASE OPTIMIZER;",
    f"A [Mesa Optimizer]({URL}mesa-optimizer/) is trained by a [BASE OPTIMIZER]({URL}base-optimizer/);")




# ---- mesa-glossary link ----

def test_the_linker_links_first_mentions_outside_code_headings_links_and_urls(glossary_file):
    result = link_post(POST, load_catalog(glossary_file))
    assert result.text == LINKED_FIRST
    assert [term.slug for term in result.linked] == ["mesa-optimizer", "base-optimizer"]


def test_the_linker_can_link_every_mention_on_another_address(glossary_file):
    result = link_post(POST, load_catalog(glossary_file), base_url="http://localhost:8000", every_mention=True)
    local = "http://localhost:8000/terms/"
    assert f"a second [mesa-optimizer]({local}mesa-optimizer/) is" in result.text
    assert f"for [optimizers]({local}optimizer/) in general" in result.text
    assert f"about the [mesa-optimiser]({local}mesa-optimizer/)\n" in result.text
    assert "`mesa-optimizer`" in result.text and "    an indented mesa-optimizer example" in result.text
    assert "# Mesa-optimizers in the wild" in result.text and "\nBase optimizers\n" in result.text
    assert result.links == 6


def test_link_writes_to_stdout_or_in_place_with_a_backup(glossary_file, tmp_path, capsys):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    assert main(["link", str(post), "--glossary", str(glossary_file)]) == 0
    captured = capsys.readouterr()
    assert captured.out == LINKED_FIRST
    assert captured.err == "linked 2 mentions of 2 terms: Mesa-optimizer, Base optimizer\n"
    assert post.read_text(encoding="utf-8") == POST
    assert main(["link", str(post), "--glossary", str(glossary_file), "--in-place"]) == 0
    assert post.read_text(encoding="utf-8") == LINKED_FIRST
    assert (tmp_path / "post.md.bak").read_text(encoding="utf-8") == POST


def test_link_reads_standard_input_and_a_project_folder(maker):
    result = subprocess.run([sys.executable, "-m", "mesa_glossary.cli", "link", "-", "--glossary", str(maker.root)],
                            input="Every base optimizer.\n", capture_output=True, text=True, check=True)
    assert result.stdout == f"Every [base optimizer]({URL}base-optimizer/).\n"


def test_link_without_a_glossary_says_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text("text\n", encoding="utf-8")
    assert main(["link", "post.md"]) == 1
    assert capsys.readouterr().err == ("link: error: this folder is no glossary project: name one with --glossary "
                                       "(a project folder, a glossary.json file, or the site's URL)\n")


def test_the_catalog_loads_from_the_sites_url(glossary_file):
    with serve_folder(glossary_file.parent) as base:
        assert load_catalog(base).lookup("mesa optimiser").slug == "mesa-optimizer"
        assert load_catalog(base + "glossary.json").lookup("Base Optimizer").url == URL + "base-optimizer/"
    with pytest.raises(ToolError, match="cannot load the glossary"):
        load_catalog(base + "glossary.json")


# ---- The Python-Markdown extension ----

def convert(text: str, **config: str) -> str:
    return markdown.markdown(text, extensions=["mesa_glossary"], extension_configs={"mesa_glossary": config})


def test_the_extension_links_wikilinks_with_the_summary_as_title(glossary_file):
    html = convert("A [[mesa-optimizer]], a [[Base Optimizer]] and [[mesa optimiser|the learned optimizer]].\n\n"
                   "Code: `[[optimizer]]`", glossary=str(glossary_file))
    assert html == (
        f'<p>A <a class="mesa-glossary-term" href="{URL}mesa-optimizer/" '
        'title="A learned algorithm that is itself an optimizer.">mesa-optimizer</a>, '
        f'a <a class="mesa-glossary-term" href="{URL}base-optimizer/" '
        'title="The training process that searches over models.">Base Optimizer</a> and '
        f'<a class="mesa-glossary-term" href="{URL}mesa-optimizer/" '
        'title="A learned algorithm that is itself an optimizer.">the learned optimizer</a>.</p>\n'
        '<p>Code: <code>[[optimizer]]</code></p>')


def test_an_unknown_term_is_a_warning_and_plain_text(glossary_file, caplog):
    with caplog.at_level(logging.WARNING):
        html = convert("A [[mesa-optimiserz]] and [[nothing|a label]].", glossary=str(glossary_file),
                       base_url="http://localhost:8000/")
    assert html == "<p>A mesa-optimiserz and a label.</p>"
    assert [record.getMessage() for record in caplog.records] == [
        f"[[mesa-optimiserz]] names no term of the glossary at {glossary_file}; did you mean 'mesa-optimiser'?; "
        "it is left as plain text",
        f"[[nothing]] names no term of the glossary at {glossary_file}; it is left as plain text"]


def test_the_extension_links_to_another_address_when_asked(glossary_file):
    html = convert("[[optimizer]]", glossary=str(glossary_file), base_url="http://localhost:8000/")
    assert 'href="http://localhost:8000/terms/optimizer/"' in html








UNTOUCHED = """\
Read [the paper on the mesa
optimizer idea](https://arxiv.org/x) and ![an inner
base optimizer diagram](img.png).

> # Heading on the mesa optimizer
- # A base optimizer heading in a list

A setext heading that runs over two lines about
the mesa optimizer
==================

[1]: https://x.org "On the mesa optimizer"

<div>
a base optimizer in an HTML block
</div>

<!-- a comment about
the mesa optimizer -->
"""


def test_the_linker_leaves_wrapped_links_quoted_headings_definitions_and_html_alone(glossary_file):
    result = link_post(UNTOUCHED, load_catalog(glossary_file))
    assert result.text == UNTOUCHED and result.links == 0


def test_the_linker_keeps_a_byte_order_mark_and_windows_line_endings(glossary_file):
    post = "\ufeff---\r\ntitle: mesa optimizer\r\n---\r\n# Base optimizer\r\n\r\nA mesa optimizer.\r\n"
    assert link_post(post, load_catalog(glossary_file)).text == post.replace(
        "A mesa optimizer.", f"A [mesa optimizer]({URL}mesa-optimizer/).")


def test_in_place_follows_a_symlink_and_keeps_the_files_permissions(glossary_file, tmp_path):
    real = tmp_path / "drafts" / "post.md"
    real.parent.mkdir()
    real.write_text("A base optimizer.\n", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "post.md"
    link.symlink_to(real)
    assert main(["link", str(link), "--glossary", str(glossary_file), "-i"]) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == f"A [base optimizer]({URL}base-optimizer/).\n"
    assert real.stat().st_mode & 0o777 == 0o600
    assert (real.parent / "post.md.bak").read_text(encoding="utf-8") == "A base optimizer.\n"


def test_the_extension_leaves_urls_alone_and_never_nests_links(glossary_file):
    assert convert("<https://x.org/[[optimizer]]>", glossary=str(glossary_file)) == \
        '<p><a href="https://x.org/[[optimizer]]">https://x.org/[[optimizer]]</a></p>'
    assert convert("[see [[optimizer]]](https://x.org)", glossary=str(glossary_file)) == \
        '<p><a href="https://x.org">see <span>optimizer</span></a></p>'


def test_the_extension_reloads_a_glossary_that_changed(glossary_file, maker):
    """``mkdocs serve`` converts pages again in the same process: an edited glossary is seen."""
    assert 'class="mesa-glossary-term"' in convert("[[optimizer]]", glossary=str(glossary_file))
    data = json.loads(glossary_file.read_text(encoding="utf-8"))
    data["terms"] = [term for term in data["terms"] if term["slug"] != "optimizer"]
    glossary_file.write_text(json.dumps(data), encoding="utf-8")
    assert 'class="mesa-glossary-term"' not in convert("[[optimizer]]", glossary=str(glossary_file))
    project = str(maker.root)
    assert 'class="mesa-glossary-term"' in convert("[[optimizer]]", glossary=project)
    maker.term("optimizer", OPTIMIZER.replace("Optimizer", "Searcher"))
    assert convert("[[searcher]]", glossary=project).count('class="mesa-glossary-term"') == 1


@pytest.mark.parametrize("post", [
    "In Risks from Learned Optimization the authors define a mesa-optimizer.",          # unquoted title
    'In "Risks from learned optimization" the authors define a mesa-optimizer.',         # quoted
    "In “Clarifying mesa-optimizer terminology” the author defines a mesa-optimizer.",   # curly quotes
    "In *Mesa-Optimizers Considered* the author defines a mesa-optimizer.",              # italic
])
def test_the_linker_leaves_the_titles_of_works_alone(maker, post):
    glossary = load_glossary(maker.project)
    linked = link_post(post, Catalog.from_glossary(glossary)).text
    assert linked.count("](https://glossary.test/terms/mesa-optimizer/)") == 1
    assert linked.endswith("define a [mesa-optimizer](https://glossary.test/terms/mesa-optimizer/).") or \
        linked.endswith("defines a [mesa-optimizer](https://glossary.test/terms/mesa-optimizer/).")


def test_a_link_whose_text_names_a_term_counts_as_that_term_linked(maker):
    glossary = load_glossary(maker.project)
    post = "See [mesa-optimizers](https://example.org/notes). A mesa-optimizer searches; so does an optimizer."
    linked = link_post(post, Catalog.from_glossary(glossary))
    assert "[mesa-optimizer](" not in linked.text, "already linked by its name, elsewhere"
    assert [term.slug for term in linked.linked] == ["optimizer"]
