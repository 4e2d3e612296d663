"""The complete docs tree of a build: hand-written pages plus generated ones.

Writing only what changed keeps ``mkdocs serve`` from rebuilding for nothing and makes
the pre-build step cheap when one term is edited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import schema
from ..catalog import Catalog
from ..diagnostics import Diagnostic, GlossaryError, Location
from ..model import Glossary
from ..project import Project
from .cards import CARDS_SCRIPT, cards_script
from .conceptmap import lay_out, map_specs
from .exports import JSON_FILE, JSON_SCHEMA_FILE, JSONLD_FILE, export_files, glossary_json
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
    if not project.docs_dir.is_dir():
        return {}
    return {path.relative_to(project.docs_dir).as_posix(): path.read_bytes()
            for path in sorted(project.docs_dir.rglob("*")) if path.is_file()}


@dataclass(frozen=True)
class WriteSummary:
    written: int
    removed: int
    unchanged: int


def write_tree(files: dict[str, bytes], out_dir: Path) -> WriteSummary:
    """Make ``out_dir`` hold exactly ``files``: write what differs, remove what is stale."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = unchanged = removed = 0
    for relative_path, content in files.items():
        target = out_dir / relative_path
        if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    for existing in sorted(out_dir.rglob("*"), reverse=True):
        relative_path = existing.relative_to(out_dir).as_posix()
        if existing.is_file() and relative_path not in files:
            existing.unlink()
            removed += 1
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return WriteSummary(written, removed, unchanged)
