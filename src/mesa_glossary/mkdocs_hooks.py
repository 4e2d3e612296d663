"""MkDocs hooks the adapter installs: each only hands a built site or page to the core.

Hooks rather than steps after ``build()`` because ``mkdocs serve`` builds into a folder
of its own: the preview gets the same search as the published site.

On the hosted site and in the preview, Pagefind answers Material's search box
(:mod:`mesa_glossary.search`); the copy read from disk keeps Material's own search.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from mesa_glossary.search import index_site  # absolute: MkDocs loads hooks by file path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def _pagefind_answers(config: MkDocsConfig) -> bool:
    return not config.extra.get("offline_copy")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Tell the theme (``overrides/main.html``) to send searches to Pagefind: only where
    these hooks run is there a Pagefind index; a plain MkDocs build keeps Material's."""
    config.extra["pagefind_search"] = _pagefind_answers(config)
    return config


@event_priority(100)  # before Material's search reads the page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, **kwargs: object) -> dict:
    """Keep pages out of Material's search index where Pagefind answers: every page load
    reads that index, which would otherwise hold the text of every page."""
    if _pagefind_answers(config):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return context


@event_priority(-100)  # after every page is written
def on_post_build(config: MkDocsConfig) -> None:
    if _pagefind_answers(config):
        index_site(Path(config.site_dir))
