"""The steps a user runs, in order: check, render, build. The CLI and tests call these.

Data flows one way: YAML → entries → validated model → Markdown tree → site. Each
step raises :class:`~mesa_glossary.diagnostics.GlossaryError` before it writes
anything, so bad input never damages the last good output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Glossary
from .project import Project
from .render.tree import WriteSummary, docs_tree, write_tree
from .validate import load_glossary


@dataclass(frozen=True)
class Rendered:
    glossary: Glossary
    out_dir: Path
    summary: WriteSummary


def check(project: Project) -> Glossary:
    """Load and validate the whole project."""
    return load_glossary(project)


def render(project: Project, out_dir: Path | None = None) -> Rendered:
    """Check, then write the complete Markdown docs tree (the portable pre-build step)."""
    glossary = check(project)
    files = docs_tree(project, glossary)
    target = out_dir or project.rendered_dir
    return Rendered(glossary, target, write_tree(files, target))


def build(project: Project, site_dir: Path | None = None) -> tuple[Rendered, Path]:
    """Check, render and build the site with MkDocs; the old site stays until all passed."""
    from .mkdocs_adapter import build_site

    rendered = render(project)
    return rendered, build_site(project, rendered.glossary.site, site_dir)
