"""Mesa Glossary: a glossary of terms whose every quote is verified against its sources.

The package is layered; each layer imports only those below it (``make test`` checks
this with import-linter):

- :mod:`.core`: the glossary model, the URL layout, and what every layer shares;
- :mod:`.load`: YAML in, checked against the schema, each other and the sources;
- :mod:`.render` (pages, exports, book) and :mod:`.tools` (the author tools), side by side;
- :mod:`.publish`: the docs tree, the URL manifest, PDF, search, the offline copy;
- :mod:`.adapters`: the MkDocs plugin;
- :mod:`.pipeline` and :mod:`.cli`: the steps a user runs.

Importing the package loads nothing but this list: the names below load their modules
when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mesa_glossary.core.diagnostics import GlossaryError, ToolError
    from mesa_glossary.core.model import Glossary, Term
    from mesa_glossary.core.project import Project
    from mesa_glossary.pipeline import build, check, render
    from mesa_glossary.tools.catalog import Catalog, load_catalog
    from mesa_glossary.tools.linker import link_post
    from mesa_glossary.tools.markdown_extension import GlossaryLinkExtension, makeExtension

#: Public name → the module that defines it.
_PUBLIC = {
    "Project": "mesa_glossary.core.project",
    "Glossary": "mesa_glossary.core.model",
    "Term": "mesa_glossary.core.model",
    "GlossaryError": "mesa_glossary.core.diagnostics",
    "ToolError": "mesa_glossary.core.diagnostics",
    "check": "mesa_glossary.pipeline",
    "render": "mesa_glossary.pipeline",
    "build": "mesa_glossary.pipeline",
    "Catalog": "mesa_glossary.tools.catalog",
    "load_catalog": "mesa_glossary.tools.catalog",
    "link_post": "mesa_glossary.tools.linker",
    "GlossaryLinkExtension": "mesa_glossary.tools.markdown_extension",
    "makeExtension": "mesa_glossary.tools.markdown_extension",
}

__all__ = ["Catalog", "Glossary", "GlossaryError", "GlossaryLinkExtension", "Project", "Term", "ToolError",
           "__version__", "build", "check", "link_post", "load_catalog", "makeExtension", "render"]


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use: ``import mesa_glossary`` stays cheap, and
    ``extensions=["mesa_glossary"]`` (Python-Markdown's ``makeExtension``) loads only the extension."""
    if name == "__version__":  # read from the installed package's metadata, whose reader takes 25 ms to import
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("mesa-glossary")
        except PackageNotFoundError:  # run from a source tree that is not installed
            return "0+unknown"
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'mesa_glossary' has no attribute {name!r}")
