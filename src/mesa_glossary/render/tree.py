"""The complete docs tree of a build: hand-written pages plus generated ones, in memory.

:func:`mesa_glossary.staging.write_tree` writes it, changing only what changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import schema
from ..catalog import Catalog
from ..diagnostics import Diagnostic, GlossaryError, Location
from ..files import UnreadableFile, read_regular_file
from ..model import Glossary
from ..project import Project
from .cards import CARDS_SCRIPT, cards_script
from .conceptmap import lay_out, map_specs
from .exports import (
    JSON_FILE,
    JSON_SCHEMA_FILE,
    JSONLD_FILE,
    export_files,
    glossary_json,
)
from .linking import LINKING_PAGE, render_linking_page
from .pages import render_pages
from .redirects import redirect_pages

INDEX_PAGE = "index.md"
#: The home page when the project has no docs/index.md of its own.
DEFAULT_INTRO = "# Glossary\n\nBrowse the [A–Z index](terms/index.md) or the [concept map](map.md).\n"
#: Published next to the pages, so editors can point ``$schema`` at the hosted copy.
SCHEMA_FILES = {"schema/term.schema.json": (schema.TERM, "Glossary term"),
                "schema/sources.schema.json": (schema.SOURCES, "Glossary sources"),
                "schema/site.schema.json": (schema.SITE, "Glossary site")}
#: Files besides pages that other sites and tools rely on: their URLs never change.
EMBED_SCRIPT = "embed.js"
#: A hand-written page or picture is far smaller; anything larger is a mistake.
MAX_DOCS_FILE_BYTES = 64 * 1024 * 1024
PUBLIC_FILES = frozenset({*SCHEMA_FILES, JSON_FILE, JSONLD_FILE, JSON_SCHEMA_FILE, EMBED_SCRIPT})


def schema_documents() -> dict[str, str]:
    """The JSON Schema files, by their path relative to the project (and the site)."""
    return {path: json.dumps(schema.json_schema(spec, title=title), indent=2, ensure_ascii=False) + "\n"
            for path, (spec, title) in SCHEMA_FILES.items()}


def docs_tree(project: Project, glossary: Glossary, *, offline: bool = False) -> dict[str, bytes]:
    """Every file of the docs folder MkDocs (or another engine) builds from.

    ``offline`` is the tree of the copy read from disk: its pages are ``.html`` files,
    so raw-HTML links (the concept maps) say so, and it has no alias redirects, which
    exist for links from the web.
    """
    handwritten = _handwritten(project)
    handwritten.setdefault(INDEX_PAGE, DEFAULT_INTRO.encode("utf-8"))
    maps = lay_out(map_specs(glossary), project.cache_dir / ("maps-offline" if offline else "maps"), html_files=offline)
    generated = {path: text.encode("utf-8") for path, text in render_pages(glossary, maps).items()}
    generated[CARDS_SCRIPT] = cards_script(glossary).encode("utf-8")
    if not offline:
        generated.update({path: text.encode("utf-8") for path, text in redirect_pages(glossary).items()})
    exported = glossary_json(glossary)
    generated.update({path: text.encode("utf-8") for path, text in export_files(glossary, exported).items()})
    generated[LINKING_PAGE] = render_linking_page(glossary, Catalog.from_export(exported)).encode("utf-8")
    generated.update({path: text.encode("utf-8") for path, text in schema_documents().items()})
    clashes = sorted(set(handwritten) & set(generated))
    if clashes:
        raise GlossaryError(Diagnostic(Location(project.docs_dir / clash), "hand-written page clashes with a "
                                       "generated one; rename or move it") for clash in clashes)
    return {**handwritten, **generated}


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
                except UnreadableFile as problem:
                    problems.append(Diagnostic(Location(path), str(problem)))
    if problems:
        raise GlossaryError(problems)
    return dict(sorted(files.items()))
