"""The author tools treat every catalog and every post as untrusted.

A ``glossary.json`` comes from someone else's host; what it says ends up in an author's
post or site. Hostile servers on 127.0.0.1 serve what such a host could: nesting that
exhausts a parser, an endless body, a body that drips, unsafe addresses, redirects to
other schemes. Each gives one line and exit 1, within its limits; nothing unsafe is
ever written into a post.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import markdown
import pytest

from benchmarks.synthetic import write_project
from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.exports import glossary_json
from mesa_glossary.tools.catalog import Catalog, _fetch, load_catalog
from mesa_glossary.tools.linker import link_post
from tests.support.projects import REPO

SITE = "https://glossary.test/"


def export(**changes: object) -> dict:
    term = {"slug": "mesa-optimizer", "title": "Mesa-optimizer", "url": SITE + "terms/mesa-optimizer/",
            "short": "A learned optimizer.", "aliases": ["mesa optimiser"]}
    term.update(changes)
    return {"url": SITE, "terms": [term]}


#: What a hostile host may serve at /glossary.json, by path.
RESPONSES: dict[str, object] = {
    "/nested.json": b"[" * 1_000_000,
    "/javascript.json": json.dumps(export(url="javascript:alert(1)")).encode(),
    "/breakout.json": json.dumps(export(url=SITE + "terms/x/)\n[evil](https://evil.example/")).encode(),
    "/quote.json": json.dumps(export(url=SITE + 'terms/x/" onmouseover="alert(1)')).encode(),
    "/elsewhere.json": json.dumps(export(url="https://evil.example/terms/mesa-optimizer/")).encode(),
    "/control.json": json.dumps(export(title="Mesa\u2028optimizer")).encode(),
    "/not-a-list.json": json.dumps({"url": SITE, "terms": {"a": 1}}).encode(),
    "/typed.json": json.dumps(export(short=["not", "text"])).encode(),
    "/latin1.json": b'{"url": "\xff"}',
    "/slug-line-feed.json": json.dumps(export(slug="mesa-optimizer\n")).encode(),
    "/url-line-feed.json": json.dumps(export(url=SITE + "terms/mesa-optimizer/\n")).encode(),
}


class _Hostile(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_GET(self) -> None:
        if self.path in RESPONSES:
            body = RESPONSES[self.path]
            assert isinstance(body, bytes)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/endless.json":
            self.send_response(200)
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"[1," * 65536)
            except OSError:
                pass
        elif self.path == "/drip.json":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif self.path.startswith("/redirect-"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect-").replace("_", "/").replace(":/", "://", 1))
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


@contextmanager
def hostile_host() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("path", "message"), [
    ("/nested.json", "nested too deeply"),
    ("/javascript.json", "url 'javascript:alert(1)' is not a safe http(s) address"),
    ("/breakout.json", "is not a safe http(s) address"),
    ("/quote.json", "is not a safe http(s) address"),
    ("/elsewhere.json", "is not under the glossary's address https://glossary.test/"),
    ("/control.json", "title must be one line of text"),
    ("/not-a-list.json", "not a glossary export"),
    ("/typed.json", "short must be one line of text"),
    ("/latin1.json", "not UTF-8"),
    ("/slug-line-feed.json", "is not a slug"),
    ("/url-line-feed.json", "is not a safe http(s) address"),
    ("/missing.json", "cannot load the glossary: HTTP Error 404"),
    ("/redirect-ftp:_127.0.0.1_x.json", "not an http(s) address"),
    ("/redirect-file:_etc_passwd", "is not allowed"),  # urllib itself refuses file: redirects
])
def test_a_hostile_catalog_is_one_clear_error(run, tmp_path, path, message):
    post = tmp_path / "post.md"
    post.write_text("A mesa-optimizer.\n", encoding="utf-8")
    with hostile_host() as host:
        result = run("link", post, "--glossary", host + path)
    assert result.code == 1
    assert result.err.count("\n") <= 2 and ": error: " in result.err and message in result.err, result.err
    assert result.out == ""


def test_an_endless_response_stops_at_the_size_limit(tmp_path):
    with hostile_host() as host:
        started = time.monotonic()
        with pytest.raises(ToolError, match="larger than 1 MiB"):
            _fetch(host + "/endless.json", max_bytes=1024 * 1024)
        assert time.monotonic() - started < 20


def test_a_dripping_response_stops_at_the_deadline():
    with hostile_host() as host:
        started = time.monotonic()
        with pytest.raises(ToolError, match="took longer than 2 s"):
            _fetch(host + "/drip.json", deadline=2)
        assert time.monotonic() - started < 10


def test_an_unsafe_base_url_is_refused(run, tmp_path, maker):
    post = tmp_path / "post.md"
    post.write_text("A mesa-optimizer.\n", encoding="utf-8")
    result = run("link", post, "--glossary", maker.root, "--base-url", "javascript:alert(1)//")
    assert result.code == 1 and "--base-url: error: base URL" in result.err and result.out == ""


def test_a_catalog_never_writes_markup_into_a_post(maker):
    catalog = Catalog.from_export(export(title="Mesa <b>", short='A "quoted" <script>summary</script>'))
    linked = link_post("A mesa optimiser.\n", catalog)
    assert linked.text == f"A [mesa optimiser]({SITE}terms/mesa-optimizer/).\n"
    html = markdown.markdown("[[mesa optimiser]]", extensions=["mesa_glossary"],
                             extension_configs={"mesa_glossary": {"glossary": catalog}})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_markdown_extension_reports_a_bad_catalog_once_and_builds(tmp_path, caplog):
    bad = tmp_path / "glossary.json"
    bad.write_text(json.dumps(export(url="javascript:alert(1)")), encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="mkdocs.extensions.mesa_glossary"):
        html = markdown.markdown("[[mesa-optimizer]] and [[mesa optimiser|it]]", extensions=["mesa_glossary"],
                                 extension_configs={"mesa_glossary": {"glossary": str(bad)}})
    assert html == "<p>mesa-optimizer and it</p>"
    assert len(caplog.records) == 1 and "is not a safe http(s) address" in caplog.records[0].getMessage()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_glossary_json_or_post_that_is_not_a_file(run, tmp_path, maker, kind):
    odd = tmp_path / "odd"
    os.mkfifo(odd) if kind == "fifo" else odd.mkdir()
    post = tmp_path / "post.md"
    post.write_text("A mesa-optimizer.\n", encoding="utf-8")
    as_catalog = run("link", post, "--glossary", odd)
    if kind == "fifo":  # a folder is taken as a project folder, and says it is none
        assert as_catalog.code == 1 and "not a regular file" in as_catalog.err
    as_post = run("link", odd, "--glossary", maker.root)
    assert as_post.code == 1 and "not a regular file" in as_post.err


def test_an_oversized_post_is_refused(run, tmp_path, maker):
    post = tmp_path / "post.md"
    with post.open("wb") as out:
        out.truncate(16 * 1024 * 1024 + 1)
    result = run("link", post, "--glossary", maker.root)
    assert result.code == 1 and "the limit is 16 MiB" in result.err


def test_link_in_place_never_writes_through_a_linked_backup(run, tmp_path, maker):
    post = tmp_path / "post.md"
    post.write_text("A mesa-optimizer.\n", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / "post.md.bak").symlink_to(victim)
    result = run("link", "-i", post, "--glossary", maker.root)
    assert result.code == 1 and "post.md.bak: error: exists and is a symbolic link" in result.err
    assert victim.read_text(encoding="utf-8") == "precious"
    assert post.read_text(encoding="utf-8") == "A mesa-optimizer.\n"


def test_a_project_catalog_is_checked_like_any_other(maker):
    catalog = load_catalog(maker.root)
    assert catalog.lookup("mesa optimiser").url == "https://glossary.test/terms/mesa-optimizer/"


def test_a_catalog_of_a_glossary_finds_what_one_of_its_export_finds(tmp_path):
    """``Catalog.from_glossary`` shares the glossary's matcher: it must claim names as a
    catalog read from the published ``glossary.json`` does."""
    glossary = load_glossary(write_project(tmp_path / "glossary", 60, template=REPO))
    shared, exported = Catalog.from_glossary(glossary), Catalog.from_export(glossary_json(glossary))
    assert shared.matcher is glossary.matcher
    text = " ".join(f"{name} and" for term in glossary.sorted_terms()[::3] for name in term.names)
    found = [(m.start, m.end, m.slug) for m in shared.matcher.mentions(text, first_only=False)]
    assert found and found == [(m.start, m.end, m.slug) for m in exported.matcher.mentions(text, first_only=False)]
