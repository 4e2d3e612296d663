"""Redirect pages that keep every alias (and every old slug) of a term a working address.

Each alias gets ``terms/<alias-slug>/index.html``: a static page, written in the
pre-build step so any engine serves it unchanged, that names the canonical page
(``rel=canonical``), sends the browser there (meta refresh, and a script that keeps the
``#anchor``), carries the term's link preview so a pasted alias URL still explains
itself, and asks search engines to index the canonical page instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.urls import absolute, redirect_slugs, redirects, term_path
from mesa_glossary.render.templates import render_template


def redirect_file(alias_slug: str) -> str:
    """Where an alias's redirect page lives in the docs tree."""
    return f"{term_path(alias_slug)}index.html"


def redirect_pages(glossary: Glossary, terms: Iterable[Term] | None = None) -> dict[str, str]:
    """Every alias's redirect page (or only those of ``terms``), by its path in the docs tree."""
    chosen = redirects(glossary).items() if terms is None else \
        ((alias_slug, term) for term in terms for alias_slug in redirect_slugs(term))
    return {redirect_file(alias_slug): redirect_page(glossary, term) for alias_slug, term in chosen}


def redirect_page(glossary: Glossary, term: Term) -> str:
    """The page at an alias's address: it names and sends the reader to the term's page."""
    return render_template("redirect.html", term=term, site=glossary.site,
                           canonical=absolute(glossary.site, term_path(term.slug)),
                           target=f"../{term.slug}/")  # both pages sit in terms/: works on any host and from disk
