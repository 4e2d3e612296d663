"""Files for the hosts that serve the site: what crawlers and static hosts read at its root.

``robots.txt`` lets every crawler in and names the sitemap MkDocs writes. ``_headers`` is
the format Netlify and Cloudflare Pages read: it sends the CORS header other sites need to
read the glossary's data (``embed.js`` fetches ``glossary.json``) and lets browsers keep
the theme's fingerprinted files for a year. GitHub Pages ignores it, and sends CORS on
every file by itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mesa_glossary.core.model import Site
from mesa_glossary.core.urls import EMBED_SCRIPT, FEED_FILE, JSON_FILE, JSON_SCHEMA_FILE, JSONLD_FILE

ROBOTS_FILE = "robots.txt"
HEADERS_FILE = "_headers"
#: What other sites read from the glossary's host: its data, its schema, its feed and the script.
SHARED = (JSON_FILE, JSONLD_FILE, JSON_SCHEMA_FILE, FEED_FILE, EMBED_SCRIPT, "schema/*")
#: Material's files carry a hash of their content in their names: a new version is a new name.
FINGERPRINTED = ("assets/javascripts/*", "assets/stylesheets/*")
#: The engine's own scripts and styles are not fingerprinted: an hour, then revalidated.
SHORT_CACHE = ("javascripts/*", "stylesheets/*", EMBED_SCRIPT)


def hosting_files(site: Site) -> dict[str, str]:
    """``robots.txt`` and ``_headers``, for a site at ``site.url`` (a sub-path too)."""
    return {ROBOTS_FILE: robots_txt(site), HEADERS_FILE: headers(site)}


def robots_txt(site: Site) -> str:
    """Every page may be crawled; the sitemap is named in full, as crawlers want it."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.url}sitemap.xml\n"


def headers(site: Site) -> str:
    base = urlsplit(site.url).path or "/"
    blocks = ["# Netlify and Cloudflare Pages read this file; GitHub Pages ignores it (and sends CORS itself)."]
    for path in SHARED:
        rules = ["Access-Control-Allow-Origin: *"]
        if path == EMBED_SCRIPT:
            rules.append("Cache-Control: public, max-age=3600, must-revalidate")
        blocks.append(f"{base}{path}\n" + "".join(f"  {rule}\n" for rule in rules).rstrip("\n"))
    blocks += [f"{base}{path}\n  Cache-Control: public, max-age=31536000, immutable" for path in FINGERPRINTED]
    blocks += [f"{base}{path}\n  Cache-Control: public, max-age=3600, must-revalidate"
               for path in SHORT_CACHE if path != EMBED_SCRIPT]
    return "\n\n".join(blocks) + "\n"
