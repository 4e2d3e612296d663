"""The engine's own files, shipped with the package: a glossary project is content only.

- ``site/``: scripts, the stylesheet and ``embed.js``, published into every site as they are;
- ``theme/``: the template that extends Material's (link previews, search, downloads);
- ``templates/``: the Jinja2 templates of the HTML the renderers write whole (the book,
  alias redirects);
- ``book.css``: the PDF's stylesheet.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent
#: Files copied into every site under the same relative path.
SITE_FILES_DIR = _HERE / "site"
#: A theme folder MkDocs (and Zensical) look in before Material's own templates.
THEME_DIR = _HERE / "theme"
#: Jinja2 templates of the renderers.
TEMPLATES_DIR = _HERE / "templates"
BOOK_STYLESHEET = _HERE / "book.css"


def site_files() -> dict[str, bytes]:
    """Every file of :data:`SITE_FILES_DIR`, by its path in the site."""
    return {path.relative_to(SITE_FILES_DIR).as_posix(): path.read_bytes()
            for path in sorted(SITE_FILES_DIR.rglob("*")) if path.is_file()}
