"""The published glossary as author tools see it: names, summaries and permanent URLs.

The Markdown extension and the ``link`` command run far from this repository, in
someone else's blog or MkDocs site, so they read the published ``glossary.json``
(by URL or as a downloaded file), or a local glossary project that is exported the
same way first. Either way they see one format, the one the site publishes.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .diagnostics import ToolError
from .matcher import TermMatcher
from .model import name_key

#: How long to wait for a hosted glossary.json before giving up.
FETCH_TIMEOUT_SECONDS = 20


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
        """A catalog from the parsed ``glossary.json`` (see :mod:`.render.exports`)."""
        try:
            terms = [CatalogTerm(t["slug"], t["title"], t["url"], t["short"], tuple(t.get("aliases", ())))
                     for t in data["terms"]]
            return cls(data["url"], terms)
        except (KeyError, TypeError, AttributeError) as error:
            missing = f"no {error}" if isinstance(error, KeyError) else "not the export's shape"
            raise ToolError(f"{origin}: error: not a glossary export ({missing})") from None

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
        return base_url.rstrip("/") + "/" + term.url.removeprefix(self.site_url)

    @cached_property
    def matcher(self) -> TermMatcher:
        """Names in name order, as the site claims them, so a post links what the site would."""
        ordered = sorted(self.terms, key=lambda term: term.title.casefold())
        return TermMatcher((name, term.slug) for term in ordered for name in term.names)


def load_catalog(source: str | Path) -> Catalog:
    """A catalog from a glossary project folder, a ``glossary.json`` file, or its URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return Catalog.from_export(*_fetch(text))
    path = Path(source)
    if path.is_dir():
        from . import pipeline
        from .project import Project
        from .render.exports import glossary_json

        return Catalog.from_export(glossary_json(pipeline.check(Project.at(path))))
    try:
        return Catalog.from_export(json.loads(path.read_text(encoding="utf-8")), str(path))
    except FileNotFoundError:
        raise ToolError(f"{path}: error: no such glossary: give a project folder, a glossary.json file "
                        "or its URL") from None
    except json.JSONDecodeError as error:
        raise ToolError(f"{path}:{error.lineno}:{error.colno}: error: not valid JSON: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ToolError(f"{path}: error: cannot read the glossary: {error}") from None


def _fetch(url: str) -> tuple[Any, str]:
    """The parsed export at ``url`` (or at the site address ``url``), and where it came from."""
    if not url.endswith(".json"):
        url = url.rstrip("/") + "/glossary.json"  # the site's address names its export
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
            return json.loads(response.read().decode("utf-8")), url
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ToolError(f"{url}: error: cannot load the glossary: {error}") from None

