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
    Indexing(site_dir).wait()


class Indexing:
    """Pagefind indexing the built site in ``site_dir``, in a process of its own.

    The build waits for it (:func:`index_site`); the preview does not: it serves the
    rebuilt pages at once and the search index follows, and a rebuild that begins before
    Pagefind is done stops it (:meth:`stop`), since the next index replaces this one.
    """

    #: How long Pagefind may take: at 10,000 terms it takes about half a minute.
    TIMEOUT_SECONDS = 600

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.stopped = False
        # The content is also the root: Pagefind then skips the theme around it (header,
        # navigation, footer) as it reads, a fifth of its time.
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", INDEX_FOLDER,
                   "--root-selector", CONTENT, "--exclude-selectors", EXCLUDED, "--silent"]
        try:
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as error:
            raise SearchIndexError(f"{site_dir}: error: Pagefind could not index the site: {error}") from None

    def wait(self) -> None:
        """Wait until the index is written; :class:`SearchIndexError` if Pagefind failed (not
        if it was stopped)."""
        try:
            stdout, stderr = self._process.communicate(timeout=self.TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as error:
            self.stop()
            raise SearchIndexError(f"{self.site_dir}: error: Pagefind could not index the site: {error}") from None
        if self.stopped:
            return
        entry = self.site_dir / INDEX_FOLDER / "pagefind-entry.json"
        if self._process.returncode != 0 or not entry.is_file():
            output = " ".join((stderr or stdout).split())  # a panic repeats itself per thread
            reason = textwrap.shorten(output, 240, placeholder=" …") or f"exit status {self._process.returncode}"
            raise SearchIndexError(f"{self.site_dir}: error: Pagefind could not index the site: {reason}")
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
        if not sum(language["page_count"] for language in languages):
            raise SearchIndexError(f"{self.site_dir}: error: Pagefind indexed no page: search would find nothing")

    def stop(self) -> None:
        """Stop Pagefind, if it still runs, and wait until it has."""
        self.stopped = True
        self._process.kill()
        self._process.wait()
