"""A Python-Markdown extension that links ``[[term]]`` in anyone's Markdown to the glossary.

``[[mesa-optimizer]]``, ``[[Mesa optimizer]]`` or ``[[mesa optimizer|the learned
optimizer]]`` become links to the term's permanent page, with its short summary as the
link's title (a tooltip, and a preview for readers). An unknown term is left as plain
text and logged as a warning; MkDocs shows it, and fails on it in strict mode.

Use it in any MkDocs site (``mkdocs.yml``)::

    markdown_extensions:
      - mesa_glossary:
          glossary: https://mesa-glossary.example.org/glossary.json

or in Python: ``markdown.markdown(text, extensions=[GlossaryLinkExtension(glossary=...)])``.
``glossary`` is the published ``glossary.json`` (URL or file) or a glossary project
folder; it is read once however many pages are converted, and again when it changes.
"""

from __future__ import annotations

import logging
import re
import time
import xml.etree.ElementTree as etree  # noqa: N813 - Python-Markdown's own name for it
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from mesa_glossary.core.diagnostics import ToolError, did_you_mean
from mesa_glossary.core.markdown_text import WIKILINK_PATTERN, running_text_name
from mesa_glossary.tools.catalog import Catalog, check_base_url, load_catalog

#: Under ``mkdocs.`` so MkDocs prints these warnings and counts them in strict mode;
#: outside MkDocs they reach Python's default handler (stderr) all the same.
log = logging.getLogger("mkdocs.extensions.mesa_glossary")
#: Below code spans (190), links (160) and autolinks (120): ``[[x]]`` inside a URL or
#: inside code stays as written.
PRIORITY = 115
LINK_CLASS = "mesa-glossary-term"


#: How long a glossary.json loaded from a URL is used before it is loaded again.
URL_CATALOG_LIFETIME_SECONDS = 300.0


class _LoadedCatalogs:
    """The catalogs this process has loaded, each reloaded when its source changes.

    MkDocs makes a new Markdown converter, and so a new extension, for every page: without
    this, each page would read or fetch the glossary again. A file or project folder is
    reloaded when a file in it changes (so ``mkdocs serve`` picks up edits), a URL after
    :data:`URL_CATALOG_LIFETIME_SECONDS`.
    """

    def __init__(self) -> None:
        self._loaded: dict[str, tuple[object, float, Catalog]] = {}

    def get(self, source: str) -> Catalog:
        version, now = _version(source), time.monotonic()
        cached = self._loaded.get(source)
        if cached is not None and cached[0] == version and (
                version is not None or now - cached[1] < URL_CATALOG_LIFETIME_SECONDS):
            return cached[2]
        catalog = load_catalog(source)
        self._loaded[source] = (version, now, catalog)
        return catalog


def _version(source: str) -> object:
    """What changes when a local glossary changes (sizes and times of its files); ``None``
    for a URL or a path that cannot be read (loading it then says what is wrong)."""
    if source.startswith(("http://", "https://")):
        return None
    path = Path(source)
    try:
        if not path.is_dir():
            status = path.stat()
            return status.st_mtime_ns, status.st_size
        files = sorted(file for part in ("glossary", "seeds") for file in (path / part).rglob("*") if file.is_file())
        return tuple((str(file), file.stat().st_mtime_ns, file.stat().st_size) for file in files)
    except OSError:
        return None


_catalogs = _LoadedCatalogs()


class _WikiLinkProcessor(InlineProcessor):
    def __init__(self, extension: GlossaryLinkExtension) -> None:
        super().__init__(WIKILINK_PATTERN)
        self.extension = extension

    def handleMatch(  # type: ignore[override]  # noqa: N802 - types-Markdown gives InlineProcessor the older Pattern signature
            self, match: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:
        target, label = match.group(1).strip(), (match.group(2) or "").strip()
        try:
            catalog = self.extension.catalog()
            base_url = self.extension.getConfig("base_url") or None
            if base_url:
                check_base_url(base_url, "mesa_glossary")
        except ToolError as error:  # an unreadable or unsafe glossary: said once, the page still builds
            if not self.extension.failed:
                log.error(f"{error}; [[links]] are left as plain text")
                self.extension.failed = True
            return label or target, match.start(0), match.end(0)
        term = catalog.lookup(target)
        if term is None:
            hint = did_you_mean(target, [name for t in catalog.terms for name in (t.slug, *t.names)])
            log.warning(f"[[{target}]] names no term of the glossary at {self.extension.getConfig('glossary')}"
                        f"{hint}; it is left as plain text")
            return label or target, match.start(0), match.end(0)
        link = etree.Element("a", {"href": catalog.url(term, base_url),
                                   "title": term.short, "class": LINK_CLASS})
        link.text = label or running_text_name(target, term.slug, term.title)
        return link, match.start(0), match.end(0)


class _NoLinkInLink(Treeprocessor):
    """A ``[[term]]`` inside another link's text becomes plain text: links do not nest."""

    def run(self, root: etree.Element) -> None:
        for outer in root.iter("a"):
            for inner in [node for node in outer.iter("a") if node is not outer and node.get("class") == LINK_CLASS]:
                inner.tag = "span"
                inner.attrib.clear()


class GlossaryLinkExtension(Extension):
    """``[[term]]`` and ``[[term|label]]`` links to a published Mesa Glossary."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "glossary": ["", "The glossary: its glossary.json URL or file, a glossary project folder, or a "
                             "loaded Catalog."],
            "base_url": ["", "Link to this address instead of the published one (a mirror or a preview)."],
        }
        super().__init__(**kwargs)
        #: Whether loading the glossary failed (it is reported once, not at every link).
        self.failed = False

    def catalog(self) -> Catalog:
        source = self.getConfig("glossary")
        if isinstance(source, Catalog):  # already loaded, as by the site's own "Link" page
            return source
        if not source:
            raise ToolError("mesa_glossary: error: set the 'glossary' option to the glossary.json URL or file")
        return _catalogs.get(str(source))

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(_WikiLinkProcessor(self), "mesa_glossary_wikilink", PRIORITY)
        md.treeprocessors.register(_NoLinkInLink(md), "mesa_glossary_no_link_in_link", 5)  # after inline (20)


def makeExtension(**kwargs: Any) -> GlossaryLinkExtension:  # noqa: N802 - Python-Markdown's name
    """Lets ``markdown.markdown(text, extensions=["mesa_glossary.tools.markdown_extension"])`` find it."""
    return GlossaryLinkExtension(**kwargs)
