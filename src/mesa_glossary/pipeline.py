"""The steps a user runs, in order: check, render, build. The CLI and tests call these.

Data flows one way: YAML → entries → validated model → Markdown tree → site. Each
step raises :class:`~mesa_glossary.core.diagnostics.GlossaryError` before it writes
anything, so bad input never damages the last good output.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mesa_glossary.core.diagnostics import GlossaryError
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import DOWNLOADS, PDF_FILE
from mesa_glossary.load.quality import placeholder_address
from mesa_glossary.load.validate import load_glossary

if TYPE_CHECKING:
    from mesa_glossary.publish.staging import WriteSummary


@dataclass(frozen=True)
class Published:
    """A glossary with its complete docs tree and the URLs that tree publishes."""

    glossary: Glossary
    files: dict[str, bytes]
    urls: set[str]
    #: URLs this build publishes that the manifest does not list yet (``urls --update``).
    new_urls: list[str]


@dataclass(frozen=True)
class Rendered:
    """What ``render`` wrote, and where."""

    published: Published
    out_dir: Path
    summary: WriteSummary


def check(project: Project) -> Glossary:
    """Load and validate the whole project."""
    return load_glossary(project)


def publish(project: Project) -> Published:
    """Check, make the docs tree in memory and compare its URLs with the manifest; nothing
    is written. Fails when a URL of the manifest would no longer be published."""
    from mesa_glossary.publish import manifest  # noqa: PLC0415 - see build
    from mesa_glossary.publish.tree import PUBLIC_FILES, docs_tree  # noqa: PLC0415

    glossary = load_glossary(project, history=True)  # what check() verifies, with the dates pages show
    files = docs_tree(project, glossary)
    urls = manifest.published_urls(glossary, files, PUBLIC_FILES) | {"/" + name for name in DOWNLOADS}
    return Published(glossary, files, urls, manifest.check(project.url_manifest, urls).new)


def render(project: Project, out_dir: Path | None = None) -> Rendered:
    """Check, then write the complete Markdown docs tree (the portable pre-build step).

    Fails, before writing, when a URL of the manifest would no longer be published, or
    when ``out_dir`` is a folder the tools did not make (:func:`.staging.claim_folder`).
    """
    from mesa_glossary.publish.staging import claim_folder, project_lock, write_tree  # noqa: PLC0415 - see build

    with project_lock(project.lock_file):
        target = claim_folder(out_dir or project.rendered_dir, project_root=project.root, default=out_dir is None)
        published = publish(project)
        return Rendered(published, target, write_tree(published.files, target))


def update_url_manifest(project: Project) -> list[str]:
    """Add the URLs the site newly publishes to the manifest; fails if one would vanish."""
    from mesa_glossary.publish import manifest  # noqa: PLC0415 - see build

    return manifest.update(project.url_manifest, publish(project).urls)


def build(project: Project, site_dir: Path | None = None, *, downloads: bool = True, for_hosting: bool = False,
          progress: Callable[[str], None] | None = None) -> tuple[Published, Path]:
    """Check, render and build the site; the old site stays until every step passed.

    ``downloads`` adds what readers take away: the PDF and the copy read from disk
    (``site.zip``, which carries the PDF too). A placeholder ``url`` in site.yaml is a
    warning (through ``progress``), and with ``for_hosting`` an error before anything is built.
    """
    # Here, not at the top: the renderers, MkDocs, Material and the book take a tenth of
    # a second to import, and what only writes (the staging, the manifest, the offline copy)
    # a few hundredths more, which check, the command run most often, need not pay.
    from mesa_glossary.adapters.mkdocs.engine import build_site  # noqa: PLC0415
    from mesa_glossary.publish.offline import build_offline_copy  # noqa: PLC0415
    from mesa_glossary.publish.pdf import write_pdf  # noqa: PLC0415
    from mesa_glossary.publish.staging import project_lock, staged_folder  # noqa: PLC0415

    target = Path(os.path.abspath(site_dir or project.site_dir))
    with project_lock(project.lock_file), \
            staged_folder(target, project_root=project.root, default=site_dir is None) as staging:
        published = publish(project)  # in the block: a target the tools may not replace fails first
        glossary = published.glossary
        placeholder = placeholder_address(glossary.site)
        if placeholder and for_hosting:
            raise GlossaryError([dataclasses.replace(placeholder, severity="error")])
        if placeholder and progress:
            progress(str(placeholder))
        build_site(project, glossary, staging, files=published.files)
        if downloads:
            write_pdf(glossary, staging / PDF_FILE, progress=progress, cache_dir=project.cache_dir)
            build_offline_copy(glossary, staging, lambda copy: build_site(project, glossary, copy, offline=True),
                               include=[PDF_FILE])
        else:  # every page links them: keep the last ones rather than break the links
            for name in DOWNLOADS:
                if (target / name).is_file() and not (target / name).is_symlink():
                    shutil.copy2(target / name, staging / name)
    return published, target
