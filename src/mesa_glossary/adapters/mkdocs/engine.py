"""MkDocs run by the command line: ``mesa-glossary build`` and ``serve``.

Both load the project's ``mkdocs.yml``, whose ``plugins`` must list ``mesa-glossary``
(:mod:`.plugin`): the plugin does the glossary's part of every build. ``build`` hands
it the glossary the pipeline checked already, so nothing is checked or rendered twice.

MkDocs builds into a fresh folder; :mod:`mesa_glossary.publish.staging` swaps it in only
when every step passed, so a failed build never leaves a half-written or missing site.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from mesa_glossary.adapters.mkdocs.plugin import GlossaryPlugin
from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class SiteBuildError(ToolError):
    """MkDocs failed or warned in strict mode; the previous site is untouched."""


def build_site(project: Project, glossary: Glossary, out_dir: Path, *, files: dict[str, bytes] | None = None,
               offline: bool = False) -> None:
    """Build the site with MkDocs in strict mode into the new folder ``out_dir``.

    ``files`` is the docs tree if the pipeline made it already. ``offline`` builds the copy
    read from disk: Material's offline plugin (search from ``file://``, ``.html`` URLs).
    """
    try:
        config = load_config(str(project.config_file), site_dir=str(out_dir), strict=True)
        _glossary_plugin(config).prepare(glossary, files)
        _set_offline_plugin(config, offline)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError) as error:
        raise SiteBuildError(f"{project.config_file.name}: error: MkDocs build failed: {error}") from None


def _glossary_plugin(config: MkDocsConfig) -> GlossaryPlugin:
    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, GlossaryPlugin)]
    if not plugins:
        raise SiteBuildError("mkdocs.yml: error: the glossary plugin is not enabled: add '- mesa-glossary' "
                             "under plugins")
    return plugins[0]


def _set_offline_plugin(config: MkDocsConfig, offline: bool) -> None:
    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, OfflinePlugin)]
    if offline and not plugins:
        raise SiteBuildError("mkdocs.yml: error: the offline copy needs Material's offline plugin: "
                             "add '- offline: {enabled: false}' under plugins")
    for plugin in plugins:  # before build() runs the plugins' on_config, where the glossary's reads it
        plugin.config.enabled = offline


def serve_site(project: Project, dev_addr: str | None) -> None:
    """Serve with live reload; the plugin also watches ``glossary/`` and ``seeds/``.

    MkDocs rebuilds only the pages an edit changed (its dirty builds, which the plugin
    makes exact: :mod:`.preview`), unless Material's search indexes the pages (the
    plugin's ``pagefind: false``): its index is whole only when every page is rebuilt.
    """
    try:
        config = load_config(str(project.config_file))
        dirty = _glossary_plugin(config).searches_with_pagefind(config)
        serve(str(project.config_file), livereload=True, dev_addr=dev_addr,  # None: mkdocs.yml's or MkDocs' default
              build_type="dirty" if dirty else None)
    except MkDocsException as error:
        raise SiteBuildError(f"{project.config_file.name}: error: {error}") from None


def show_mkdocs_messages(level: int = logging.WARNING) -> None:
    """Print MkDocs' messages from ``level`` up on stderr (warnings for builds, more for serve)."""
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if getattr(h, "_mesa_glossary", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    handler.setLevel(level)
    handler._mesa_glossary = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.INFO))
