"""Search that answers fast at any size: a Pagefind index of the built site.

Pagefind reads the finished HTML, so it works with whatever engine made the pages, and
writes an index cut into small pieces under ``pagefind/``: a browser fetches only the
pieces a query needs, where Material's own search downloads and indexes every page
before its first answer. ``javascripts/search-worker.js`` (in :mod:`mesa_glossary.assets`) puts Pagefind behind
Material's search box.

The copy read from disk keeps Material's search: ``file://`` pages cannot fetch pieces.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.urls import INDEX_FOLDER

#: What the theme template marks as a page's content (``assets/theme/main.html``); the rest is not indexed.
CONTENT = "[data-pagefind-body]"
#: What is not indexed: the heading links' "¶", and whatever a page marks as no search
#: matter for Material's search too (copy buttons, download links).
EXCLUDED = "[data-search-exclude], .headerlink"


class SearchIndexError(ToolError):
    """Pagefind failed; the previous site is untouched."""


def index_site(site_dir: Path) -> None:
    """Index the content of every built page in ``site_dir``."""
    # The content is also the root: Pagefind then skips the theme around it (header,
    # navigation, footer) as it reads, a fifth of its time.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", INDEX_FOLDER,
               "--root-selector", CONTENT, "--exclude-selectors", EXCLUDED, "--silent"]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"{site_dir}: error: Pagefind could not index the site: {error}") from None
    entry = site_dir / INDEX_FOLDER / "pagefind-entry.json"
    if finished.returncode != 0 or not entry.is_file():
        output = " ".join((finished.stderr or finished.stdout).split())  # a panic repeats itself per thread
        reason = textwrap.shorten(output, 240, placeholder=" …") or f"exit status {finished.returncode}"
        raise SearchIndexError(f"{site_dir}: error: Pagefind could not index the site: {reason}")
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    if not sum(language["page_count"] for language in languages):
        raise SearchIndexError(f"{site_dir}: error: Pagefind indexed no page: search would find nothing")
