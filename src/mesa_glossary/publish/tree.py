"""The complete docs tree of a build, in memory: hand-written pages, the rendered pages and
exports, the engine's own scripts and styles, and the "Link to this glossary" page; every
page with the hover cards of the terms it links (:func:`mesa_glossary.render.cards.with_cards`).

The MkDocs plugin hands it to MkDocs as the build's files; ``mesa-glossary render``
writes it (:func:`mesa_glossary.publish.staging.write_tree`) for any other engine.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from mesa_glossary import assets
from mesa_glossary.core.diagnostics import Diagnostic, GlossaryError, Location
from mesa_glossary.core.files import UnreadableFileError, read_regular_file
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import (
    CHANGES_PAGE,
    EMBED_SCRIPT,
    FEED_FILE,
    INDEX_PAGE,
    JSON_FILE,
    JSON_SCHEMA_FILE,
    JSONLD_FILE,
    LINKING_PAGE,
    SEARCH_NAMES_FILE,
)
from mesa_glossary.load.schema import SCHEMA_FILES, schema_documents
from mesa_glossary.publish.hosting import hosting_files
from mesa_glossary.publish.linking_page import render_linking_page
from mesa_glossary.render.cards import embed_script, with_cards
from mesa_glossary.render.changes import atom_feed, render_changes
from mesa_glossary.render.conceptmap import lay_out, map_specs
from mesa_glossary.render.exports import ExportedTerms, export_files
from mesa_glossary.render.pages import render_pages
from mesa_glossary.render.redirects import redirect_pages
from mesa_glossary.render.search_names import names_index
from mesa_glossary.render.social import social_images
from mesa_glossary.tools.catalog import Catalog

#: The home page when the project has no docs/index.md of its own.
DEFAULT_INTRO = "# Glossary\n\nBrowse the [A–Z index](terms/index.md) or the [concept map](map.md).\n"
#: A hand-written page or picture is far smaller; anything larger is a mistake.
MAX_DOCS_FILE_BYTES = 64 * 1024 * 1024
#: Files besides pages that other sites and tools rely on: their URLs never change.
PUBLIC_FILES = frozenset({*SCHEMA_FILES, JSON_FILE, JSONLD_FILE, JSON_SCHEMA_FILE, EMBED_SCRIPT, FEED_FILE})


def docs_tree(project: Project, glossary: Glossary, *, offline: bool = False, preview: bool = False,
              maps: Mapping[str, str] | None = None, exported: ExportedTerms | None = None) -> dict[str, bytes]:
    """Every file of the docs folder MkDocs (or another engine) builds from.

    ``offline`` is the tree of the copy read from disk: its pages are ``.html`` files,
    so raw-HTML links (the concept maps) say so, and it has no alias redirects, which
    exist for links from the web. ``preview`` is the tree ``serve`` shows, which no host,
    crawler or link preview reads; :mod:`.preview` keeps it up to date: it gives the
    concept maps it laid out (``maps``, see :func:`.conceptmap.lay_out`), and the keeper
    of the exports' entries (``exported``), which the saves after this one reuse.
    """
    handwritten = handwritten_files(project)
    if maps is None:
        maps = lay_out(map_specs(glossary), maps_cache(project, offline=offline), html_files=offline)
    generated = {path: text.encode("utf-8") for path, text in render_pages(glossary, maps, html_files=offline).items()}
    if not (offline or preview):  # what hosts, crawlers and link previews read
        generated.update({path: text.encode("utf-8") for path, text in hosting_files(glossary.site).items()})
        generated.update(social_images(glossary, project.cache_dir / "social"))
    if not offline:
        generated.update({path: text.encode("utf-8") for path, text in redirect_pages(glossary).items()})
    generated.update(glossary_files(glossary, offline=offline, exported=exported))
    clashes = sorted(set(handwritten) & set(generated))
    if clashes:
        raise GlossaryError(Diagnostic(Location(project.docs_dir / clash), "hand-written page clashes with a "
                                       "generated one; rename or move it") for clash in clashes)
    tree = {**handwritten, **generated}
    for path, content in tree.items():
        if path.endswith(".md"):
            tree[path] = carrying_cards(glossary, path, content, offline=offline)
    return tree


def glossary_files(glossary: Glossary, *, offline: bool = False, exported: ExportedTerms | None = None
                   ) -> dict[str, bytes]:
    """The files made from the whole glossary besides its pages of terms and sources: the
    search names, the changes page and feed, the exports, the "Link to this glossary"
    page, the schemas and the engine's scripts and styles. ``exported``: see :func:`.exports.glossary_json`."""
    files = {SEARCH_NAMES_FILE: names_index(glossary), CHANGES_PAGE: render_changes(glossary),
             FEED_FILE: atom_feed(glossary), **export_files(glossary, exported),
             LINKING_PAGE: render_linking_page(glossary, Catalog.from_glossary(glossary)), **schema_documents()}
    encoded = {path: text.encode("utf-8") for path, text in files.items()}
    encoded.update(assets.site_files())
    encoded[EMBED_SCRIPT] = embed_script(encoded[EMBED_SCRIPT].decode("utf-8"), html_files=offline).encode("utf-8")
    return encoded


def carrying_cards(glossary: Glossary, path: str, content: bytes, *, offline: bool = False,
                   before: bytes | None = None) -> bytes:
    """A page with the cards of the terms it links; a hand-written page that is not UTF-8
    is left as it is, for the site engine to report. ``before``: see :func:`.cards.with_cards`."""
    try:
        markdown = content.decode("utf-8")
    except UnicodeDecodeError:
        return content
    earlier = before.decode("utf-8", "replace") if before is not None else None
    return with_cards(glossary, path, markdown, html_files=offline, before=earlier).encode("utf-8")


def maps_cache(project: Project, *, offline: bool = False) -> Path:
    """Where the concept maps' layouts are kept: the copy read from disk has its own, whose
    maps link ``.html`` files."""
    return project.cache_dir / ("maps-offline" if offline else "maps")


def handwritten_files(project: Project) -> dict[str, bytes]:
    """The files of ``docs/`` by relative path, with the default home page where it has none."""
    files = _handwritten(project)
    files.setdefault(INDEX_PAGE, DEFAULT_INTRO.encode("utf-8"))
    return files


def _handwritten(project: Project) -> dict[str, bytes]:
    """The files of ``docs/``, by relative path. Only regular files inside the project are
    published: a link to a file elsewhere (``docs/x -> ~/.ssh/id_rsa``) would publish it,
    and a pipe would hang the build."""
    if not project.docs_dir.is_dir():
        return {}
    root = project.root.resolve()
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    for parent, folders, names in os.walk(project.docs_dir):  # never descends into a linked folder
        for name in sorted([*folders, *names]):
            path = Path(parent, name)
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(root):
                problems.append(Diagnostic(Location(path), "links to a file outside the project; docs/ may "
                                           "publish only the project's own files"))
            elif name in names or path.is_symlink():
                try:
                    files[path.relative_to(project.docs_dir).as_posix()] = read_regular_file(path, MAX_DOCS_FILE_BYTES)
                except UnreadableFileError as problem:
                    problems.append(Diagnostic(Location(path), str(problem)))
    if problems:
        raise GlossaryError(problems)
    return dict(sorted(files.items()))
