"""Search that answers fast at any size: a Pagefind index of the built site.

Pagefind reads the finished HTML, so it works with whatever engine made the pages, and
writes an index cut into small pieces under ``pagefind/``: a browser fetches only the
pieces a query needs, where Material's own search downloads and indexes every page
before its first answer. ``docs/javascripts/search-worker.js`` puts Pagefind behind
Material's search box.

The copy read from disk keeps Material's search: ``file://`` pages cannot fetch pieces.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .diagnostics import ToolError

#: Where the index goes, in the site.
INDEX_FOLDER = "pagefind"
#: What is not indexed: the heading links' "¶", and whatever a page marks as no search
#: matter for Material's search too (copy buttons, download links).
EXCLUDED = "[data-search-exclude], .headerlink"
#: Material's search reads this file of every page's text on each page load; with
#: Pagefind answering, only its settings are kept.
MATERIAL_INDEX = Path("search") / "search_index.json"


class SearchIndexError(ToolError):
    """Pagefind failed; the previous site is untouched."""


def index_site(site_dir: Path) -> int:
    """Index the built HTML in ``site_dir``; returns the number of pages indexed."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", INDEX_FOLDER,
               "--exclude-selectors", EXCLUDED, "--silent"]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"{site_dir}: error: Pagefind could not index the site: {error}") from None
    entry = site_dir / INDEX_FOLDER / "pagefind-entry.json"
    if finished.returncode != 0 or not entry.is_file():
        reason = (finished.stderr or finished.stdout).strip() or f"exit status {finished.returncode}"
        raise SearchIndexError(f"{site_dir}: error: Pagefind could not index the site: {reason}")
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    _drop_material_documents(site_dir / MATERIAL_INDEX)
    return sum(language["page_count"] for language in languages)


def _drop_material_documents(index: Path) -> None:
    """Keep the settings of Material's search index and drop its copy of every page."""
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps({**data, "docs": []}, ensure_ascii=False), encoding="utf-8")
