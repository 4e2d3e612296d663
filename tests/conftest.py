"""Fixtures: a small, valid glossary project in a temporary folder that tests then break."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.core.project import Project
from mesa_glossary.load.validate import load_glossary

REPO = Path(__file__).resolve().parent.parent

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


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The real glossary built once per test run, as ``make site`` builds it."""
    project = copy_project(tmp_path_factory.mktemp("real"))
    _, site = pipeline.build(project)
    return project, site


@pytest.fixture
def maker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProjectMaker:
    monkeypatch.chdir(tmp_path)
    return ProjectMaker(tmp_path / "project")


@pytest.fixture
def errors_for(maker: ProjectMaker) -> Callable[[str, str], list[str]]:
    """Replace one term file and return the errors the check reports."""

    def run(slug: str, text: str) -> list[str]:
        maker.term(slug, text)
        return maker.errors()

    return run
