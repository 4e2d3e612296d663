"""Where everything is published: the one module that knows the site's URL layout.

Term pages live at ``terms/<slug>/``, each alias at ``terms/<alias-slug>/`` (a redirect),
sources at ``sources/<id>/`` and passages at their anchor there; the index pages, the
exports, the scripts and the downloads have fixed names below. Pages, exports, the
manifest of published URLs, the author tools, the theme template (through
``config.extra``) and the browser scripts (through the card data) all take the layout
from here, so a link written by any of them is a link the site serves. The slug rule
(:func:`slugify`) is here too: it is what makes a name an address.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata

from mesa_glossary.core.model import Glossary, Site, Term

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

#: The folder of the term pages (and of the alias redirects).
TERMS_FOLDER = "terms/"
#: The folder of the source pages.
SOURCES_FOLDER = "sources/"

# Pages, as files of the docs tree (``.md``); :func:`page_path` gives the URL each is served at.
INDEX_PAGE = "index.md"
TERMS_INDEX_PAGE = "terms/index.md"
MAP_PAGE = "map.md"
TAGS_PAGE = "tags.md"
SOURCES_PAGE = "sources/index.md"
#: The "Link to this glossary" page.
LINKING_PAGE = "link.md"
#: What changed in the glossary, newest first (render/changes.py).
CHANGES_PAGE = "changes.md"


def term_page(slug: str) -> str:
    """The docs-tree file of a term's page; served at :func:`term_path`."""
    return f"{TERMS_FOLDER}{slug}.md"


#: The folder of the link-preview pictures, one per term (render/social.py).
SOCIAL_FOLDER = "social/"


def social_image(slug: str) -> str:
    """A term's link-preview picture (``og:image``), relative to the site."""
    return f"{SOCIAL_FOLDER}{slug}.png"


def source_page(source_id: str) -> str:
    """The docs-tree file of a source's page; served at :func:`source_path`."""
    return f"{SOURCES_FOLDER}{source_id}.md"


# Files that other sites and tools rely on: their URLs never change (the manifest lists them).
JSON_FILE = "glossary.json"
JSONLD_FILE = "glossary.jsonld"
JSON_SCHEMA_FILE = "schema/glossary.schema.json"
#: The Atom feed of the same changes, for readers who subscribe.
FEED_FILE = "changes.xml"
#: The JSON Schema files of the YAML, published so editors can point ``$schema`` at them.
TERM_SCHEMA_FILE = "schema/term.schema.json"
SOURCES_SCHEMA_FILE = "schema/sources.schema.json"
SITE_SCHEMA_FILE = "schema/site.schema.json"
TAGS_SCHEMA_FILE = "schema/tags.schema.json"
#: Hover cards for any web page (``<script src=".../embed.js">``).
EMBED_SCRIPT = "embed.js"

# The engine's own files in every site.
#: The id of the element in which every page carries the hover cards of the terms it links
#: (render/cards.py writes it, embed.js reads it).
CARDS_ELEMENT = "mg-cards"
#: Where Pagefind writes the search index, in the site.
INDEX_FOLDER = "pagefind"
#: Every term's names, which the search worker matches before asking Pagefind (render/search_names.py).
SEARCH_NAMES_FILE = "search-names.json"
#: Material's Web Worker shim, which the copy read from disk loads from itself.
OFFLINE_SEARCH_SHIM = "javascripts/vendor/iframe-worker-shim.js"
#: The site's own script (the A–Z filter, copy buttons) and stylesheet.
SITE_SCRIPT = "javascripts/glossary.js"
#: The explorable map and the pan-and-zoom library it uses, loaded only by pages with a whole map.
MAP_SCRIPTS = ("javascripts/vendor/panzoom.min.js", "javascripts/glossary-map.js")
STYLESHEET = "stylesheets/glossary.css"
#: The Web Worker that answers Material's search box from Pagefind.
SEARCH_WORKER = "javascripts/search-worker.js"

#: Where the build puts the PDF, in the site (every page links it).
PDF_FILE = "glossary.pdf"
#: The copy of the site to read from disk, zipped, in the site.
OFFLINE_ZIP = "site.zip"
#: What every page offers for download, made by a full build.
DOWNLOADS = (PDF_FILE, OFFLINE_ZIP)
#: Names no term, alias or source may take: ``terms/index`` is the A–Z index and
#: ``sources/index`` the list of sources, whose pages would silently replace theirs.
RESERVED_SLUGS = frozenset({"index"})
#: A slug, as :func:`slugify` makes them and as the YAML may give them: lower-case ASCII
#: letters and digits in words joined by single hyphens. Term, alias and source
#: addresses, the schema and the author tools all use this one rule. Match it with
#: ``fullmatch``, as JSON Schema's (ECMA-262) ``$`` does: Python's ``re.match`` also lets
#: ``$`` stand before a final line feed, which would let ``abc\n`` through as a slug.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: The longest slug: it is a folder name on disk (at most 255 bytes) and part of every
#: link to it. A name's address can be far longer than the name (``ﷺ`` folds to
#: eighteen letters).
SLUG_MAX_LENGTH = 100


def slugify(name: str) -> str:
    """The address form of a name: ``"Mesa optimiser"`` → ``mesa-optimiser``.

    Accents are dropped (``naïve`` → ``naive``) so that addresses are plain ASCII and
    read the same in every chat client; a name with no Latin letters or digits has none.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_name.casefold()).strip("-")


def page_path(page_file: str) -> str:
    """The directory URL a ``.md`` file of the docs tree is served at: ``terms/x.md`` → ``terms/x/``."""
    stem = page_file.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    stem = stem.rstrip("/")
    return f"{stem}/" if stem else ""


def page_url(from_page: str, to_page: str, *, html_files: bool = False) -> str:
    """The relative URL from one ``.md`` page to another, as the site serves them.

    The hosted site serves directory URLs (``terms/a/`` → ``../b/``); the copy read from
    disk serves files (``terms/a.html`` → ``b.html``), since ``file://`` opens no index.
    """
    if html_files:
        target = to_page.removesuffix(".md") + ".html"
        return relative_path(target, posixpath.dirname(from_page))
    relative = relative_path(page_path(to_page), page_path(from_page))
    return "./" if relative == "." else relative + "/"


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath`` for two paths inside the site, such as ``terms/a.md`` and ``sources``.

    ``relpath`` asks the OS for the working directory twice per call, which made it a
    third of rendering a large glossary: every page links dozens of others.
    """
    target_parts = [part for part in target.split("/") if part not in ("", ".")]
    start_parts = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    for target_part, start_part in zip(target_parts, start_parts, strict=False):
        if target_part != start_part:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


#: A link's target that leads to a term page, resolved from the site's root: as the docs
#: tree writes it (``terms/<slug>.md``) or as the site serves it (``terms/<slug>/``, its
#: ``index.html``, or the copy on disk's ``terms/<slug>.html``).
_TERM_TARGET = re.compile(rf"{re.escape(TERMS_FOLDER)}({SLUG_PATTERN.removeprefix('^').removesuffix('$')})"
                          r"(?:\.md|\.html|/|/index\.html)")
#: A target with a scheme (``https:``, ``mailto:``) or from a host or the server's root:
#: not a link to a page of the same site by a path relative to the page.
_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")


def linked_term(page_file: str, target: str, *, html_files: bool = False, site_url: str = "") -> str | None:
    """The slug of the term page a link on a page leads to, or ``None``.

    ``page_file`` is the page's ``.md`` file in the docs tree. A target ending in ``.md``
    is written for the site engine, which resolves it from the file's folder; any other
    (raw HTML, such as the concept maps' links) is what the browser resolves, from the
    address the page is served at: its directory URL, or with ``html_files`` (the copy
    on disk) its ``.html`` file. A link to the site's public address (``site_url``) leads
    to the same page where the site is served there. Alias addresses give their own slug,
    not the term's.
    """
    path = target.partition("#")[0].partition("?")[0]
    if site_url and path.startswith(site_url):
        folder, path = "", path.removeprefix(site_url)
    elif not path or _NOT_RELATIVE.match(path):
        return None
    elif path.endswith(".md") or html_files:
        folder = page_file.rpartition("/")[0]
    else:
        folder = page_path(page_file)
    match = _TERM_TARGET.fullmatch(_resolved(folder, path))
    return match.group(1) if match and match.group(1) not in RESERVED_SLUGS else None


def _resolved(folder: str, path: str) -> str:
    """A relative ``path`` from ``folder``, both inside the site, from the site's root (a
    trailing ``/`` kept); ``""`` when it climbs above the root. ``posixpath.normpath``
    does the same far slower, and every page resolves each of its links."""
    parts = [part for part in folder.split("/") if part]
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return ""
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + ("/" if path.endswith("/") else "")


def term_path(slug: str) -> str:
    """A term's permanent address, relative to the site: ``terms/<slug>/``."""
    return f"{TERMS_FOLDER}{slug}/"


def source_path(source_id: str) -> str:
    """A source's page, relative to the site: ``sources/<id>/``."""
    return f"{SOURCES_FOLDER}{source_id}/"


def passage_path(source_id: str, anchor: str) -> str:
    return f"{source_path(source_id)}#{anchor}"


def addressed(url: str) -> tuple[str, str] | None:
    """What a published URL path (``/terms/x/``, ``/sources/y/#p-…``) is the address of:
    ``("term", slug)``, ``("passage", source id)``, ``("source", source id)``, or ``None``."""
    folder, _, rest = url.removeprefix("/").partition("/")
    name, _, anchor = rest.partition("/")
    if f"{folder}/" == TERMS_FOLDER and name and not anchor:
        return "term", name
    if f"{folder}/" == SOURCES_FOLDER and name:
        return ("passage" if "#" in anchor else "source"), name
    return None


def absolute(site: Site, path: str) -> str:
    """The public URL of a site path (``site.url`` ends in ``/``)."""
    return site.url + path


def browser_layout(*, html_files: bool = False) -> dict[str, str]:
    """The layout as the hover-card script needs it to know a term link when it sees one,
    and where a page's cards are: the build writes it into ``embed.js``, which repeats none
    of it. ``html_files`` is the copy read from disk, whose pages are ``terms/<slug>.html``."""
    return {"termPrefix": TERMS_FOLDER, "termSuffix": ".html" if html_files else "/",
            "slug": SLUG_PATTERN.removeprefix("^").removesuffix("$"), "data": JSON_FILE, "cards": CARDS_ELEMENT}


def search_worker_url() -> str:
    """The search worker's address, relative to the site, with where the site's root, the
    Pagefind index, the names index and the term and source pages are as seen from it (the
    worker repeats none of the layout)."""
    root = relative_path("", posixpath.dirname(SEARCH_WORKER)) + "/"
    return (f"{SEARCH_WORKER}?root={root}&index={INDEX_FOLDER}/&names={SEARCH_NAMES_FILE}"
            f"&terms={TERMS_FOLDER}&sources={SOURCES_FOLDER}")


def redirect_slugs(term: Term) -> list[str]:
    """The addresses of a term's aliases that redirect to it (its own slug excluded)."""
    slugs = {slugify(alias) for alias in term.aliases} - {term.slug, ""}
    return sorted(slugs)


def redirects(glossary: Glossary) -> dict[str, Term]:
    """Every alias address and the term it leads to; validation made them unique."""
    return {slug: term for term in glossary.terms.values() for slug in redirect_slugs(term)}
