"""Redirect pages that keep every alias (and every old slug) of a term a working address.

Each alias gets ``terms/<alias-slug>/index.html``: a static page, written in the
pre-build step so any engine serves it unchanged, that names the canonical page
(``rel=canonical``), sends the browser there (meta refresh, and a script that keeps the
``#anchor``), carries the term's link preview so a pasted alias URL still explains
itself, and asks search engines to index the canonical page instead.
"""

from __future__ import annotations

from html import escape

from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.urls import absolute, redirects, term_path


def redirect_file(alias_slug: str) -> str:
    """Where an alias's redirect page lives in the docs tree."""
    return f"{term_path(alias_slug)}index.html"


def redirect_pages(glossary: Glossary) -> dict[str, str]:
    """Every alias's redirect page, by its path in the docs tree."""
    return {redirect_file(alias_slug): redirect_page(glossary, term)
            for alias_slug, term in redirects(glossary).items()}


def redirect_page(glossary: Glossary, term: Term) -> str:
    site = glossary.site
    canonical = escape(absolute(site, term_path(term.slug)))
    target = f"../{term.slug}/"  # both pages sit in terms/: works on any host and from disk
    title = escape(f"{term.name} - {site.title}")
    short = escape(term.short)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<meta name="description" content="{short}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{escape(site.title)}">
<meta property="og:title" content="{escape(term.name)}">
<meta property="og:description" content="{short}">
<meta property="og:url" content="{canonical}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{escape(term.name)}">
<meta name="twitter:description" content="{short}">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace("{target}" + location.hash);</script>
</head>
<body>
<p>This name now lives at <a href="{target}">{escape(term.name)}</a>.</p>
</body>
</html>
"""
