"""The steps a user runs, in order: check, render, build. The CLI and tests call these.

Data flows one way: YAML → entries → validated model → Markdown tree → site. Each
step raises :class:`~mesa_glossary.diagnostics.GlossaryError` before it writes
anything, so bad input never damages the last good output.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import manifest
from .addresses import DOWNLOADS, PDF_FILE
from .manifest import published_urls
from .model import Glossary
from .project import Project
from .staging import WriteSummary, claim_folder, project_lock, staged_folder, write_tree
from .validate import load_glossary

# The renderers, MkDocs and WeasyPrint are imported by the steps that use them, so that
# ``check``, the command run most often, does not pay for loading them.


@dataclass(frozen=True)
class Rendered:
    glossary: Glossary
    out_dir: Path
    summary: WriteSummary
    #: URLs this build publishes that the manifest does not list yet (``urls --update``).
    new_urls: list[str]


@dataclass(frozen=True)
class Published:
    """A glossary with its complete docs tree and the URLs that tree publishes."""

    glossary: Glossary
    files: dict[str, bytes]
    urls: set[str]


def check(project: Project) -> Glossary:
    """Load and validate the whole project."""
    return load_glossary(project)


def publish(project: Project) -> Published:
    """Check, and make the docs tree in memory; nothing is written."""
    from .render.tree import PUBLIC_FILES, docs_tree

    glossary = check(project)
    files = docs_tree(project, glossary)
    urls = published_urls(glossary, files, PUBLIC_FILES) | {"/" + name for name in DOWNLOADS}
    return Published(glossary, files, urls)


def render(project: Project, out_dir: Path | None = None) -> Rendered:
    """Check, then write the complete Markdown docs tree (the portable pre-build step).

    Fails, before writing, when a URL of the manifest would no longer be published, or
    when ``out_dir`` is a folder the tools did not make (:func:`.staging.claim_folder`).
    """
    with project_lock(project.lock_file):
        return _render(project, out_dir)


def _render(project: Project, out_dir: Path | None) -> Rendered:
    target = claim_folder(out_dir or project.rendered_dir, project_root=project.root, default=out_dir is None)
    published = publish(project)
    comparison = manifest.check(project.url_manifest, published.urls)
    return Rendered(published.glossary, target, write_tree(published.files, target), comparison.new)


def update_url_manifest(project: Project) -> list[str]:
    """Add the URLs the site newly publishes to the manifest; fails if one would vanish."""
    return manifest.update(project.url_manifest, publish(project).urls)


def build(project: Project, site_dir: Path | None = None, *, downloads: bool = True,
          progress: Callable[[str], None] | None = None) -> tuple[Rendered, Path]:
    """Check, render and build the site; the old site stays until every step passed.

    ``downloads`` adds what readers take away: the PDF and the copy read from disk
    (``site.zip``, which carries the PDF too).
    """
    from .mkdocs_adapter import build_site
    from .offline import build_offline_copy
    from .pdf import write_pdf

    target = Path(os.path.abspath(site_dir or project.site_dir))
    with project_lock(project.lock_file), \
            staged_folder(target, project_root=project.root, default=site_dir is None) as staging:
        rendered = _render(project, None)  # in the block: a target the tools may not replace fails first
        build_site(project, rendered.glossary.site, staging)
        if downloads:
            write_pdf(rendered.glossary, staging / PDF_FILE, progress=progress, cache_dir=project.cache_dir)
            build_offline_copy(project, rendered.glossary, staging, include=[PDF_FILE])
        else:  # every page links them: keep the last ones rather than break the links
            for name in DOWNLOADS:
                if (target / name).is_file() and not (target / name).is_symlink():
                    shutil.copy2(target / name, staging / name)
    return rendered, target
