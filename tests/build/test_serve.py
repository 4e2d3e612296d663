"""``mesa-glossary serve``: the preview rebuilds when a term file is edited."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from mesa_glossary.core.project import Project
from mesa_glossary.render.cards import built_cards, replace_cards
from tests.support.browser import ARTIFACTS
from tests.support.projects import copy_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture
def preview(tmp_path) -> Iterator[tuple[Project, str]]:
    """A copy of the glossary served by ``mesa-glossary serve``; yields it and a term page's URL."""
    project = copy_project(tmp_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/terms/mesa-optimizer/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mesa_glossary.cli", "serve", str(project.root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert _wait_for(lambda: "Mesa-optimizer" in _fetch(url), 60), "the preview server did not start"
        yield project, url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rebuilds_when_a_term_file_is_edited(preview):
    project, url = preview
    term = project.terms_dir / "mesa-optimizer.yaml"
    text = term.read_text(encoding="utf-8")
    term.write_text(text.replace("\nshort: ", "\nshort: Edited live. ", 1), encoding="utf-8")
    assert _wait_for(lambda: "Edited live." in _fetch(url), 30), "the edit did not reach the served page"


def test_an_edit_reaches_every_page_that_shows_the_term(preview):
    """The preview rebuilds only the pages an edit reached: all of them, and right."""
    project, url = preview
    base = url.removesuffix("terms/mesa-optimizer/")
    term = project.terms_dir / "mesa-optimizer.yaml"
    own_before, carrier_before = _fetch(url), _fetch(base + "terms/corrigibility/")
    _edit(term, "\nshort: ", "\nshort: Edited live. ")
    assert _wait_for(lambda: "Edited live." in _fetch(url), 30), "the edit did not reach the term's page"
    assert _navigation(_fetch(url)) == _navigation(own_before), \
        "the navigation of a page rebuilt names the pages that were not, as before"
    carrier = _fetch(base + "terms/corrigibility/")
    assert carrier != carrier_before and \
        _as_built(replace_cards(carrier_before, _cards(carrier))) == _as_built(carrier), \
        "a page that only carries the term's card is the same page with the new card"
    for page, shows in [("terms/", "the A–Z index"), ("tags/", "the tags page"),
                        ("terms/base-optimizer/", "a related term's list"),
                        ("terms/corrigibility/", "the hover card of a term whose definition links it")]:
        assert "Edited live. A learned algorithm" in _fetch(base + page), f"{shows} shows the old summary"
    assert "Mesa-optimizer" not in _linked_from(_fetch(base + "terms/corrigibility/"))
    _edit(term, "\ndefinition: |\n  ", "\ndefinition: |\n  Compare [[corrigibility]]. ")
    assert _wait_for(lambda: "Mesa-optimizer" in _linked_from(_fetch(base + "terms/corrigibility/")), 30), \
        "a term newly linked does not list the term that links it"
    assert _wait_for(lambda: '"page_count"' in _fetch(base + "pagefind/pagefind-entry.json"), 60), \
        "the search index did not follow the rebuild"


def test_serve_rebuilds_when_mkdocs_yml_or_a_page_of_docs_is_saved_by_replacing_it(preview):
    """The preview learns of saves from the system; editors that save by writing a new
    file and renaming it over the old one must be seen too, twice in a row."""
    project, url = preview
    for copyright_line in ("Edited settings one", "Edited settings two"):
        settings = project.config_file.read_text(encoding="utf-8")
        replacement = project.config_file.with_name(".mkdocs.yml.swp")
        replacement.write_text(re.sub(r"(?m)^copyright: .*\n", "", settings) + f"copyright: {copyright_line}\n",
                               encoding="utf-8")
        os.replace(replacement, project.config_file)
        assert _wait_for(lambda line=copyright_line: line in _fetch(url), 30), "a replaced mkdocs.yml was not seen"
    about = project.docs_dir / "about.md"
    replacement = about.with_name(".about.md.swp")
    replacement.write_text(about.read_text(encoding="utf-8") + "\nA line added by replacing the file.\n",
                           encoding="utf-8")
    os.replace(replacement, about)
    assert _wait_for(lambda: "A line added by replacing the file." in _fetch(url.replace("terms/mesa-optimizer/",
                                                                                         "about/")), 30)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cards(page: str) -> str:
    """A built page's cards element."""
    found = built_cards(page)
    assert found is not None, "the page carries no cards element, or more than one"
    return found.group(0)


def _as_built(page: str | None) -> str:
    """A served page without the live-reload script the preview server adds as it serves it."""
    assert page is not None
    return page[: page.rindex("<script")]


def _navigation(page: str) -> str:
    """The site's navigation on a built page."""
    return page.partition("md-nav--primary")[2].partition("md-sidebar--secondary")[0]


def _linked_from(page: str) -> str:
    """The "Linked from" section of a term's page."""
    return page.partition('id="linked-from"')[2].partition("<h2")[0]


def test_while_the_glossary_has_errors_the_preview_shows_them_on_every_page(preview, browser):
    project, url = preview
    term = project.terms_dir / "optimizer.yaml"
    good = term.read_text(encoding="utf-8")
    term.write_text(good.replace("\nshort: ", "\nshort: <b>x</b>: broken ", 1), encoding="utf-8")
    assert _wait_for(lambda: "mg-build-errors" in _fetch(url), 30), "the errors did not reach the preview"
    page = _fetch(url)
    banner = page[page.index('<div class="mg-build-errors"'):page.index("</div>", page.index("mg-build-errors"))]
    assert "glossary/terms/optimizer.yaml:4:" in banner and "error: invalid YAML" in banner
    assert "<b>x</b>" not in banner, "the errors are text, never markup"
    assert "Mesa-optimizer" in page, "the last good version is still served under the banner"
    _look_at_the_banner(browser, url)
    term.write_text(good, encoding="utf-8")
    assert _wait_for(lambda: "mg-build-errors" not in _fetch(url), 30), "the banner stayed after the fix"


def _look_at_the_banner(browser, url: str) -> None:
    """The banner as a reader sees it in Chromium: at the top, readable, saved for a person to look at."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    banner = page.locator(".mg-build-errors")
    assert banner.is_visible() and banner.bounding_box()["y"] < 5
    assert "The glossary has errors." in banner.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-errors.png"))
    page.close()
