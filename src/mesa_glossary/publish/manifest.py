"""The committed manifest of every URL the site has published, so that none can vanish.

Readers paste term links into posts and papers that outlive any one build. The
manifest (``glossary/published-urls.txt``, one site path per line) records every
address the site has served: pages, alias redirects, public files and passage
anchors. A build that would drop one of them fails with the line that names it;
``mesa-glossary urls --update`` adds the addresses a build has newly published.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mesa_glossary.core.diagnostics import Diagnostic, GlossaryError, Location
from mesa_glossary.core.files import replace_file
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import addressed, page_path, passage_path
from mesa_glossary.load.yamldoc import read_text

#: Ten thousand terms with their aliases and passages stay far below this.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024

HEADER = """\
# Every URL this glossary has published, as a path below the site's address
# (glossary/site.yaml). The build fails when one of them would disappear: a renamed
# term keeps its old slug as an alias, so the old address redirects to the new one.
# `mesa-glossary urls --update` adds the URLs a build newly publishes (and rewrites
# this file, so keep notes elsewhere); commit them.
"""
REDIRECT_FILE = "index.html"


def published_urls(glossary: Glossary, files: Iterable[str], public_files: Iterable[str]) -> set[str]:
    """The site paths a docs tree publishes: every page, redirect, public file and passage.

    ``files`` are the docs tree's paths; of the files that are not pages, only
    ``public_files`` (exports, schemas, the embed script) are promised to stay.
    """
    public = set(public_files)
    urls: set[str] = set()
    for path in files:
        if path.endswith(".md"):
            urls.add("/" + page_path(path))
        elif path.rsplit("/", 1)[-1] == REDIRECT_FILE:
            urls.add("/" + path.removesuffix(REDIRECT_FILE))
        elif path in public:
            urls.add("/" + path)
    for source in glossary.sources.values():
        urls.update("/" + passage_path(source.id, block.anchor) for block in source.text.blocks)
    return urls


@dataclass(frozen=True)
class Comparison:
    """How the URLs a build would publish compare with the manifest."""

    missing: list[tuple[int, str]]  # (line, url) of manifest URLs the build would drop
    new: list[str]  # URLs the build publishes that the manifest does not list yet


def read_manifest(path: Path) -> list[tuple[int, str]]:
    """The manifest's URLs with their line numbers; none when there is no manifest yet.

    Only a missing file means "no manifest": a folder, a pipe or a broken link where the
    manifest should be is an error, not a reason to stop guarding the published URLs.
    """
    if not os.path.lexists(path):
        return []
    entries = []
    for number, line in enumerate(read_text(path, MAX_MANIFEST_BYTES).splitlines(), start=1):
        url = line.strip()
        if url and not url.startswith("#"):
            entries.append((number, url))
    return entries


def compare(manifest: Path, urls: set[str]) -> Comparison:
    listed = read_manifest(manifest)
    known = {url for _, url in listed}
    return Comparison(missing=[(line, url) for line, url in listed if url not in urls],
                      new=sorted(urls - known))


def check(manifest: Path, urls: set[str]) -> Comparison:
    """Fail, naming each manifest line, when a published URL would disappear."""
    comparison = compare(manifest, urls)
    if comparison.missing:
        raise GlossaryError(Diagnostic(Location(manifest, line, 1), _vanishing(url))
                            for line, url in comparison.missing)
    return comparison


def update(manifest: Path, urls: set[str]) -> list[str]:
    """Add the newly published URLs to the manifest (never drops one); returns those added."""
    comparison = check(manifest, urls)
    if comparison.new or not os.path.lexists(manifest):
        listed = sorted({url for _, url in read_manifest(manifest)} | urls)
        replace_file(manifest, (HEADER + "".join(f"{url}\n" for url in listed)).encode("utf-8"))
    return comparison.new


def _vanishing(url: str) -> str:
    message = f"published URL {url} would disappear"
    kind, name = addressed(url) or ("", "")
    if kind == "term":
        return (f"{message}; if its term was renamed or merged, add '{name}' to the aliases of the term "
                "it became, so the old address redirects there")
    if kind == "passage":
        return (f"{message}: the passage it anchors is gone from its source; sources under seeds/ are kept "
                "verbatim, so restore the text")
    if kind == "source":
        return f"{message}; a source keeps its id in glossary/sources.yaml for as long as the site exists"
    return f"{message}; keep publishing it, or delete its line here if it must go"
