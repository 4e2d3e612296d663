"""MkDocs hooks the adapter installs: each only hands a built site to the core.

A hook rather than a step after ``build()`` because ``mkdocs serve`` builds into a
folder of its own: the preview gets the same search as the published site.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from mesa_glossary.search import index_site  # absolute: MkDocs loads hooks by file path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@event_priority(-100)  # after Material's search has written its index, which this trims
def on_post_build(config: MkDocsConfig) -> None:
    """Index the site for Pagefind, except the copy read from disk, which keeps Material's search."""
    if not config.extra.get("offline_copy"):
        index_site(Path(config.site_dir))
