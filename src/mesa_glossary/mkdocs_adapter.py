"""The thin adapter between the glossary core and MkDocs.

The core writes a complete Markdown docs tree (the pre-build step); this module hands
that folder to MkDocs to build or serve. Nothing else in the package imports MkDocs, so
moving to another engine that reads the same Markdown means replacing this file only.

MkDocs builds into a fresh folder; :mod:`mesa_glossary.staging` swaps it in only when
every step passed, so a failed build never leaves a half-written or missing site.
"""

from __future__ import annotations

import html
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import ToolError
from .model import Site
from .project import Project

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Material prints a banner about MkDocs 2 on every import; the README explains the pin.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class SiteBuildError(ToolError):
    """MkDocs failed or warned in strict mode; the previous site is untouched."""


def site_options(site: Site) -> dict[str, str]:
    """MkDocs' settings that ``glossary/site.yaml`` owns, so ``mkdocs.yml`` never repeats them.

    The theme prints ``site_name`` into pages unescaped, so it is handed over HTML-escaped.
    """
    options = {"site_name": html.escape(site.title), "site_url": site.url}
    if site.description:
        options["site_description"] = site.description
    return options


#: Hooks MkDocs runs for every build and preview: they hand the built site to the core.
HOOKS = [str(Path(__file__).with_name("mkdocs_hooks.py"))]

#: The offline copy loads Material's Web Worker shim from the site itself: the offline
#: plugin would fetch it from a CDN, and search from ``file://`` would hang without it.
OFFLINE_SEARCH_SHIM = "javascripts/vendor/iframe-worker-shim.js"


def build_site(project: Project, site: Site, out_dir: Path, *, docs_dir: Path | None = None,
               offline: bool = False) -> None:
    """Build rendered docs with MkDocs in strict mode into the new folder ``out_dir``.

    ``offline`` builds the copy read from disk: Material's offline plugin (search from
    ``file://``, ``.html`` URLs) with the vendored Web Worker shim.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(project.config_file), docs_dir=str(docs_dir or project.rendered_dir),
                             site_dir=str(out_dir), strict=True, hooks=HOOKS, **site_options(site))
        _enable_offline_plugin(config, offline)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError) as error:
        raise SiteBuildError(f"{project.config_file.name}: error: MkDocs build failed: {error}") from None


def _enable_offline_plugin(config: MkDocsConfig, offline: bool) -> None:
    from material.plugins.offline.plugin import OfflinePlugin

    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, OfflinePlugin)]
    if offline and not plugins:
        raise SiteBuildError("mkdocs.yml: error: the offline copy needs Material's offline plugin: "
                             "add '- offline: {enabled: false}' under plugins")
    for plugin in plugins:
        plugin.config.enabled = offline
    if offline:
        config.extra["polyfills"] = [OFFLINE_SEARCH_SHIM]
    config.extra["offline_copy"] = offline  # the templates leave out what the copy lacks


def serve_site(project: Project, site: Site, rerender: Callable[[], None], dev_addr: str | None,
               watched: list[Path]) -> None:
    """Serve with live reload; edits under ``watched`` re-render the docs tree first.

    MkDocs watches the rendered folder and rebuilds when the re-render changes a page.
    """
    from mkdocs.commands.serve import serve
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    pending = threading.Event()

    class _Changed(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in {"created", "modified", "deleted", "moved"}:
                pending.set()

    def rerender_when_changed() -> None:
        while True:
            pending.wait()
            pending.clear()
            time.sleep(0.1)  # let an editor finish writing (many save in several steps)
            pending.clear()
            try:
                rerender()
            except Exception as error:  # noqa: BLE001 - a failed re-render must not end the preview's re-rendering
                logging.getLogger("mkdocs").error(f"re-rendering failed ({type(error).__name__}: {error}); "
                                                  "the last good pages stay served")

    observer = Observer()
    for folder in watched:
        if folder.is_dir():
            observer.schedule(_Changed(), str(folder), recursive=True)
    observer.start()
    threading.Thread(target=rerender_when_changed, daemon=True, name="glossary-rerender").start()
    try:
        options = {"dev_addr": dev_addr} if dev_addr else {}
        serve(str(project.config_file), livereload=True, docs_dir=str(project.rendered_dir), hooks=HOOKS, **options,
              **site_options(site))
    finally:
        observer.stop()


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
