"""Glossary projects for tests: a small valid one that tests then break, one that builds
with MkDocs, one full of hostile text, and copies of the real one."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.core.project import Project
from mesa_glossary.load.validate import load_glossary

REPO = Path(__file__).resolve().parents[2]

SEED = """\
Risks from Learned Optimization

When the learned algorithm is also an optimizer,   we call it
a mesa-optimizer. Costs are $5 and *stars* and_under <b>bold</b>.

Second post title

A neural network is trained by a base optimizer (e.g., stochastic gradient descent).
"""

SITE = """\
title: Test Glossary
url: https://glossary.test/
"""

TAGS = """\
- name: framework
  description: The vocabulary of learned optimization.
"""

SOURCES = """\
- id: forum
  file: forum.txt
  title: Forum comments
"""

TERMS = {
    "mesa-optimizer": """\
        term: Mesa-optimizer
        aliases: [mesa optimizer, mesa-optimiser]
        short: A learned algorithm that is itself an optimizer.
        definition: |
          A learned model that searches, trained by a [[base-optimizer]].
        tags: [framework]
        broader: [optimizer]
        quotes:
          - source: forum
            text: "When the learned algorithm is also an optimizer, we call it a mesa-optimizer."
        """,
    "base-optimizer": """\
        term: Base optimizer
        short: The training process that searches over models.
        definition: Gradient descent, for example; it may produce a [[mesa-optimizer|mesa-optimizer]].
        tags: [framework]
        broader: [optimizer]
        quotes:
          - source: forum
            text: A neural network is trained by a base optimizer
        """,
    "optimizer": """\
        term: Optimizer
        short: A system that searches for options scoring well on an objective.
        definition: Anything that searches.
        tags: [framework]
        references:
          - title: Risks from Learned Optimization
            url: https://arxiv.org/abs/1906.01820
        """,
}


OPTIMIZER = "term: Optimizer\nshort: A system that searches.\ndefinition: Anything that searches.\ntags: [framework]\n"


def optimizer_with(extra: str) -> str:
    """A valid 'optimizer' entry followed by the (indented, triple-quoted) ``extra`` fields."""
    return OPTIMIZER + textwrap.dedent(extra)


class ProjectMaker:
    """Writes a valid project; ``term``/``write`` then change single files in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "seeds").mkdir(parents=True)
        (root / "glossary" / "terms").mkdir(parents=True)
        (root / "docs").mkdir()
        (root / "seeds" / "forum.txt").write_text(SEED, encoding="utf-8")
        self.write("glossary/site.yaml", SITE)
        self.write("glossary/sources.yaml", SOURCES)
        self.write("glossary/tags.yaml", TAGS)
        for slug, text in TERMS.items():
            self.term(slug, text)

    @property
    def project(self) -> Project:
        return Project.at(self.root)

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def term(self, slug: str, text: str | bytes) -> Path:
        return self.write(f"glossary/terms/{slug}.yaml", text)

    def errors(self) -> list[str]:
        """Every diagnostic as printed, with paths relative to the project."""
        try:
            load_glossary(self.project)
        except GlossaryError as error:
            return [str(d).removeprefix("project/") for d in error.diagnostics]
        return []


def copy_project(target: Path) -> Project:
    """A copy of the real glossary project, to build or break without touching the repository."""
    return Project.at(REPO).copy_to(target)




def buildable(root: Path) -> ProjectMaker:
    """The small test project with what a real build needs too: mkdocs.yml and the pages it names."""
    maker = ProjectMaker(root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    maker.write("docs/index.md", "# Home\n\nSee the [A–Z index](terms/index.md).\n")  # ours links our terms
    return maker


#: What an attacker would put in a field: each must come out as text on every page.
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'


RAW_TAG = re.compile(r"<script>alert|<img src=x onerror")


def hostile_project(root: Path) -> ProjectMaker:
    """A buildable project with script and image tags in every text field."""
    maker = buildable(root)
    seed = SEED + "\nHostile title " + HOSTILE.replace('"', "") + "\n\nA passage quoting " + HOSTILE + " verbatim.\n"
    maker.write("seeds/forum.txt", seed)
    text = HOSTILE.replace("'", "''")
    maker.write("glossary/site.yaml", f"title: 'Glossary {text}'\nurl: https://glossary.test/\n"
                                      f"description: 'About {text}'\npublisher: 'The {text} team'\n")
    maker.write("glossary/sources.yaml", f"- id: forum\n  file: forum.txt\n  title: 'Forum {text}'\n"
                                         f"  author: 'Ann {text}'\n  description: 'Comments {text}'\n")
    maker.term("optimizer", f"""\
        term: 'Optimizer {text}'
        aliases: ['opt {text}']
        short: 'A system that searches {text}'
        definition: 'Anything {text} that searches.'
        tags: [framework]
        quotes:
          - source: forum
            text: 'A passage quoting {text} verbatim.'
            note: 'A note {text}'
        references:
          - title: 'A paper {text}'
            url: https://example.org/paper
        """)
    return maker


#: Definitions the check accepts, written to tempt every renderer.
TEMPTING = ("Braces {0,1} \\{: x} \\{ .y }, entities &#60;script&#62;alert(1)&#60;/script&#62; and &lt;b&gt;, "
            "a [web link](https://example.org/?q=<script>) and `<img src=x onerror=alert(1)>`.")


