"""The published glossary as author tools see it: names, summaries and permanent URLs.

The Markdown extension and the ``link`` command run far from this repository, in
someone else's blog or MkDocs site, so they read the published ``glossary.json``
(by URL or as a downloaded file), or a local glossary project, read
from its checked model (:meth:`Catalog.from_glossary`, the same fields). Either way they
see what the site publishes.

A catalog is untrusted: whatever its host serves ends up in the author's post or site.
So every field is checked before it is used (a term's address must be an ``http(s)``
URL under the glossary's own, with nothing in it that could end a Markdown link or an
HTML attribute; names and summaries are single lines of text), and reading one is
bounded in size, nesting and time (:data:`MAX_CATALOG_BYTES`, :data:`FETCH_DEADLINE_SECONDS`).
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.files import UnreadableFileError, read_regular_file
from mesa_glossary.core.matcher import TermMatcher
from mesa_glossary.core.model import Glossary, name_key
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import SLUG_MAX_LENGTH, SLUG_PATTERN, absolute, term_path
from mesa_glossary.load.schema import NAME_MAX_LENGTH, URL_MAX_LENGTH
from mesa_glossary.load.validate import load_glossary

#: How long one read from a hosted glossary.json may wait.
FETCH_TIMEOUT_SECONDS = 10
#: How long loading a hosted glossary.json may take in all (a host that drips one byte a
#: second never trips the per-read timeout).
FETCH_DEADLINE_SECONDS = 30.0
#: Far above the export of 10,000 terms (14 MB); an endless response stops here.
MAX_CATALOG_BYTES = 32 * 1024 * 1024
#: Far above any glossary; a catalog of millions of terms is an attack on memory.
MAX_CATALOG_TERMS = 100_000
#: A summary is at most 200 characters in the YAML; an export may not carry essays.
MAX_TEXT_LENGTH = 1000
#: An address a tool may write into Markdown and HTML: http(s), and nothing that ends a
#: Markdown link, an HTML attribute or a line (whitespace, quotes, brackets, backslashes).
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>()\[\]`\\\x00-\x1f\x7f]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CatalogTerm:
    slug: str
    title: str
    url: str
    short: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


class Catalog:
    """Every term of a published glossary, looked up by any name, alias or slug."""

    def __init__(self, site_url: str, terms: list[CatalogTerm]) -> None:
        self.site_url = site_url
        self.terms = terms
        self._by_name: dict[str, CatalogTerm] = {}
        for term in terms:
            for name in (term.slug, *term.names):
                self._by_name.setdefault(name_key(name), term)
        self._by_slug = {term.slug: term for term in terms}

    def __str__(self) -> str:
        return self.site_url

    @classmethod
    def from_export(cls, data: Any, origin: str = "glossary.json") -> Catalog:
        """A catalog from the parsed ``glossary.json`` (see :mod:`.render.exports`), every
        field checked: ``ToolError`` names the first one that is missing or unsafe."""
        if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
            raise ToolError(f"{origin}: error: not a glossary export (no list of 'terms')")
        site_url = _safe_url(data.get("url"), f"{origin}: error: 'url'")
        if not site_url.endswith("/"):
            raise ToolError(f"{origin}: error: 'url' '{site_url}' must end in '/'")
        if len(data["terms"]) > MAX_CATALOG_TERMS:
            raise ToolError(f"{origin}: error: {len(data['terms']):,} terms; a catalog holds at most "
                            f"{MAX_CATALOG_TERMS:,}")
        return cls(site_url, [_term(item, f"{origin}: error: terms[{index}]", site_url)
                              for index, item in enumerate(data["terms"])])

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> Catalog:
        """The catalog a glossary will publish, made from its checked model; what its
        ``glossary.json`` will say about each term, without writing or reading it."""
        site = glossary.site
        catalog = cls(site.url, [CatalogTerm(term.slug, term.name, absolute(site, term_path(term.slug)), term.short,
                                             tuple(term.aliases))
                                 for term in glossary.sorted_terms()])
        # The same names claimed in the same order (:attr:`matcher`) as the glossary's own
        # matcher, which the site's pages have built already: a second one took a third of
        # a second at 10,000 terms.
        catalog.__dict__["matcher"] = glossary.matcher
        return catalog

    def lookup(self, name_or_slug: str) -> CatalogTerm | None:
        """The term with this slug, name or alias, however it is cased or punctuated."""
        return self._by_name.get(name_key(name_or_slug))

    def term(self, slug: str) -> CatalogTerm:
        return self._by_slug[slug]

    def term_at(self, url: str, base_url: str | None = None) -> CatalogTerm | None:
        """The term a URL leads to (its page or an alias's redirect), on either address."""
        for base in (self.site_url, base_url):
            prefix = (base.rstrip("/") + "/terms/") if base else None
            if prefix and url.startswith(prefix):
                address = url[len(prefix):].split("#", 1)[0].removesuffix("index.html").strip("/")
                return self.lookup(address) if address and "/" not in address else None
        return None

    def url(self, term: CatalogTerm, base_url: str | None = None) -> str:
        """The term's permanent URL, on ``base_url`` instead of the published address if given."""
        if not base_url:
            return term.url
        return check_base_url(base_url).rstrip("/") + "/" + term.url.removeprefix(self.site_url)

    @cached_property
    def matcher(self) -> TermMatcher:
        """Names in name order, as the site claims them, so a post links what the site would."""
        ordered = sorted(self.terms, key=lambda term: term.title.casefold())
        return TermMatcher((name, term.slug) for term in ordered for name in term.names)


def check_base_url(base_url: str, origin: str = "--base-url") -> str:
    """``base_url`` if it is a safe http(s) address to write links to; ``ToolError`` if not."""
    return _safe_url(base_url, f"{origin}: error: base URL")


def _safe_url(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) > URL_MAX_LENGTH or not _SAFE_URL.fullmatch(value):
        shown = repr(value)[:80]
        raise ToolError(f"{what} {shown} is not a safe http(s) address (no spaces, quotes, brackets or "
                        "backslashes)")
    return value


def _text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit or _CONTROL.search(value):
        raise ToolError(f"{what} must be one line of text of at most {limit} characters")
    return value


def _term(item: Any, where: str, site_url: str) -> CatalogTerm:
    """One term of an export, checked field by field."""
    if not isinstance(item, dict):
        raise ToolError(f"{where} is not a term (an object with slug, title, url and short)")
    slug = item.get("slug")
    if not isinstance(slug, str) or len(slug) > SLUG_MAX_LENGTH or not re.fullmatch(SLUG_PATTERN, slug):
        raise ToolError(f"{where}: slug {repr(slug)[:80]} is not a slug (lower-case letters, digits, hyphens)")
    where = f"{where} ('{slug}')"
    url = _safe_url(item.get("url"), f"{where}: url")
    if not url.startswith(site_url):
        raise ToolError(f"{where}: url '{url}' is not under the glossary's address {site_url}")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or len(aliases) > 1000:
        raise ToolError(f"{where}: aliases must be a list of names")
    return CatalogTerm(slug, _text(item.get("title"), f"{where}: title", NAME_MAX_LENGTH), url,
                       _text(item.get("short"), f"{where}: short", MAX_TEXT_LENGTH),
                       tuple(_text(alias, f"{where}: alias", NAME_MAX_LENGTH) for alias in aliases))


def load_catalog(source: str | Path) -> Catalog:
    """A catalog from a glossary project folder, a ``glossary.json`` file, or its URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return Catalog.from_export(*_fetch(text))
    path = Path(source)
    if path.is_dir():
        return Catalog.from_glossary(load_glossary(Project.at(path)))
    return Catalog.from_export(_parse(_read_file(path), str(path)), str(path))


def _read_file(path: Path) -> bytes:
    """A local glossary.json: a regular file of at most :data:`MAX_CATALOG_BYTES` (a pipe would hang)."""
    if not os.path.lexists(path):
        raise ToolError(f"{path}: error: no such glossary: give a project folder, a glossary.json file "
                        "or its URL")
    try:
        return read_regular_file(path, MAX_CATALOG_BYTES)
    except UnreadableFileError as problem:
        raise ToolError(f"{path}: error: {problem}") from None


def _parse(data: bytes, origin: str) -> Any:
    """JSON, with its errors (bad UTF-8, bad syntax, nesting that exhausts the parser) in words."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ToolError(f"{origin}: error: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ToolError(f"{origin}:{error.lineno}:{error.colno}: error: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise ToolError(f"{origin}: error: JSON nested too deeply to be a glossary export") from None


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib would follow one to ftp:)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.URLError(f"redirected to '{newurl[:80]}', which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, *, deadline: float = FETCH_DEADLINE_SECONDS,
           max_bytes: int = MAX_CATALOG_BYTES) -> tuple[Any, str]:
    """The parsed export at ``url`` (or at the site address ``url``), and where it came from.

    At most ``max_bytes``, within ``deadline`` seconds in all.
    """
    if not url.endswith(".json"):
        url = url.rstrip("/") + "/glossary.json"  # the site's address names its export
    started = time.monotonic()
    opener = urllib.request.build_opener(_WebOnlyRedirects)
    chunks: list[bytes] = []
    received = 0
    try:
        with opener.open(url, timeout=min(FETCH_TIMEOUT_SECONDS, deadline)) as response:
            while chunk := response.read1(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise ToolError(f"{url}: error: the response is larger than {max_bytes // (1024 * 1024)} MiB; "
                                    "not a glossary export")
                if time.monotonic() - started > deadline:
                    raise ToolError(f"{url}: error: the glossary took longer than {deadline:.0f} s to load")
                chunks.append(chunk)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ToolError(f"{url}: error: cannot load the glossary: {error}") from None
    return _parse(b"".join(chunks), url), url
