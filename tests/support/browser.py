"""Headless Chromium (Debian's, driven by Playwright) against a site served on 127.0.0.1.

In CI a missing browser fails the run; on a developer's machine without one the browser
tests are skipped with the command that installs it.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from mesa_glossary.core.model import name_key

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"


def require_chromium() -> None:
    if Path(CHROMIUM).exists() and shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Debian's chromium is missing: 'make test' installs it (apt-get install chromium)")
    pytest.skip("Debian's chromium is missing: run 'make test', or apt-get install chromium")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """An unknown address gets the site's own 404.html, with status 404, as static hosts
        (GitHub Pages, Netlify) serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _CorsHandler(_QuietHandler):
    """Lets pages on any origin read the files, as static hosts such as GitHub Pages do."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser closed before a file was sent (a search piece for a query since typed
        past, a page closed): nothing is wrong with the site, so nothing is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path, cors: bool = False) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL.

    With ``cors`` every response allows reading from any origin (Access-Control-Allow-Origin: *).
    """
    handler = _CorsHandler if cors else _QuietHandler
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    require_chromium()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def names_a_card_shows(name: str, aliases: list[str]) -> list[str]:
    """The aliases a hover card lists: those that differ from every earlier name in more
    than case and punctuation ("mesa optimizer" beside "Mesa-optimizer" is not shown)."""
    seen = {name_key(name)}
    shown = []
    for alias in aliases:
        if name_key(alias) not in seen:
            seen.add(name_key(alias))
            shown.append(alias)
    return shown
