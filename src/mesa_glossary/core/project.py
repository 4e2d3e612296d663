"""Where things live in a glossary project.

A glossary project is a folder with ``glossary/`` (``site.yaml``, ``sources.yaml``,
``terms/`` and the manifest of published URLs), ``seeds/`` (the source documents),
``docs/`` (hand-written pages), ``mkdocs.yml`` and, if it customises the theme,
``overrides/``. It is content only: the engine's scripts, styles and templates ship in
the package. Every command takes one, so the engine serves any glossary, not just ours.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mesa_glossary.core.diagnostics import Diagnostic, GlossaryError, Location

#: What a project is made of; everything else in its folder is made from these.
PARTS = ("glossary", "seeds", "docs", "overrides", "mkdocs.yml")
#: The folder of the term files, from the project's root (an edit link appends a file's path).
TERMS_FOLDER = "glossary/terms"


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, folder: str | Path = ".") -> Project:
        """The project in ``folder``; a clear error when it is not one."""
        root = Path(folder).resolve()
        project = cls(root)
        if not os.path.lexists(project.sources_file):  # a folder or a pipe there is refused when it is read
            raise GlossaryError([Diagnostic(Location(project.sources_file),
                                            "not a glossary project: glossary/sources.yaml is missing")])
        return project

    def copy_to(self, target: Path) -> Project:
        """A copy of the project's own parts (no build output) in ``target``, to try things on."""
        for part in PARTS:
            source = self.root / part
            if source.is_dir():
                shutil.copytree(source, target / part)
            elif source.is_file():
                shutil.copy(source, target / part)
        return Project.at(target)

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def terms_dir(self) -> Path:
        return self.root / TERMS_FOLDER

    @property
    def sources_file(self) -> Path:
        return self.glossary_dir / "sources.yaml"

    @property
    def tags_file(self) -> Path:
        """The families of terms, each with a line saying what it holds; terms use only these."""
        return self.glossary_dir / "tags.yaml"

    @property
    def site_file(self) -> Path:
        """The site's title and public address: the one place ``site_url`` is set."""
        return self.glossary_dir / "site.yaml"

    @property
    def url_manifest(self) -> Path:
        """Every URL the site has published, committed so that none of them can vanish."""
        return self.glossary_dir / "published-urls.txt"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def docs_dir(self) -> Path:
        """Hand-written pages (home, about, contributing), copied into every build."""
        return self.root / "docs"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def rendered_dir(self) -> Path:
        """Where the pre-build step writes the complete Markdown site (ignored by git)."""
        return self.root / "build" / "docs"

    @property
    def cache_dir(self) -> Path:
        """Work kept between builds to save time (concept-map layouts); safe to delete."""
        return self.root / "build" / "cache"

    @property
    def lock_file(self) -> Path:
        """Held while a build or render runs: builds of one project share ``build/``."""
        return self.root / "build" / ".lock"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"
