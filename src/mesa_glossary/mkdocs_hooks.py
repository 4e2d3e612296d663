"""MkDocs hooks the adapter installs: each only hands a built site or page to the core.

Hooks rather than steps after ``build()`` because ``mkdocs serve`` builds into a folder
of its own: the preview gets the same search as the published site.

On the hosted site and in the preview, Pagefind answers Material's search box
(:mod:`mesa_glossary.search`); the copy read from disk keeps Material's own search.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

# Absolute imports: MkDocs loads hooks by file path.
from mesa_glossary.diagnostics import ToolError
from mesa_glossary.render import safe_html
from mesa_glossary.render.pages import DEFINITION_END, DEFINITION_START
from mesa_glossary.search import index_site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


_DEFINITION = re.compile(re.escape(DEFINITION_START) + r"(.*?)" + re.escape(DEFINITION_END), re.DOTALL)


#: What the pages of the build under way would run or load, one line each. Reported
#: after the last page, all at once, rather than from inside MkDocs' page loop (which
#: would print each twice and wrap it in its own words).
_unsafe: list[str] = []


def _pagefind_answers(config: MkDocsConfig) -> bool:
    return not config.extra.get("offline_copy")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Tell the theme (``overrides/main.html``) to send searches to Pagefind: only where
    these hooks run is there a Pagefind index; a plain MkDocs build keeps Material's."""
    config.extra["pagefind_search"] = _pagefind_answers(config)
    return config


@event_priority(100)  # first: everything after sees the cleaned content
def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    """Sanitise each definition's HTML, then refuse a page whose content would run or load
    anything (a hand-written page in docs/ with a script or a picture from another host)."""
    html = _DEFINITION.sub(lambda match: safe_html.clean(match.group(1)), html)
    for shown, why in safe_html.dangers(html):
        _unsafe.append(f"{_where(page, shown)}: error: {why}; pages of the glossary run no script of their own "
                       "and load nothing from another host")
    return html


def _where(page: Page, shown: str) -> str:
    """``docs/page.md:line:col`` of the first place the page's Markdown shows ``shown``."""
    markdown = page.file.content_string
    found = markdown.find(shown)
    if found < 0:
        return f"docs/{page.file.src_uri}"
    line = markdown.count("\n", 0, found) + 1
    return f"docs/{page.file.src_uri}:{line}:{found - (markdown.rfind(chr(10), 0, found) + 1) + 1}"


@event_priority(100)  # before Material's search reads the page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, **kwargs: object) -> dict:
    """Keep pages out of Material's search index where Pagefind answers: every page load
    reads that index, which would otherwise hold the text of every page."""
    if _pagefind_answers(config):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return context


def on_pre_build(config: MkDocsConfig) -> None:
    _unsafe.clear()


@event_priority(-100)  # after every page is written
def on_post_build(config: MkDocsConfig) -> None:
    """Fail the build (whose folder is then thrown away) if any page would run or load
    anything; otherwise index the site for search."""
    if _unsafe:
        raise ToolError("\n".join(_unsafe))
    if _pagefind_answers(config):
        index_site(Path(config.site_dir))
