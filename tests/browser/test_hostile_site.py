"""The hostile site in Chromium, hosted and read from disk: hovering every link and searching
runs nothing, opens no dialog and requests nothing off 127.0.0.1."""

from __future__ import annotations

import re
import zipfile

from playwright.sync_api import expect

from mesa_glossary import pipeline
from tests.support.browser import serve_folder
from tests.support.projects import hostile_project


def _watch(page, allowed: tuple[str, ...]) -> tuple[list[str], list[str]]:
    dialogs: list[str] = []
    off_site: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(allowed) else off_site.append(request.url))
    return dialogs, off_site


#: What Material's result line says once a search has answered (with results or none).
ANSWERED = re.compile(r"\d+ matching document|No matching documents")


def _exercise(page, url: str) -> None:
    """Open a page, hover and focus every link (hover cards), as a reader would."""
    page.goto(url, wait_until="load")
    links = page.locator("article a[href]")
    for index in range(min(links.count(), 25)):
        link = links.nth(index)
        if link.is_visible():
            link.hover(force=True, timeout=5000)  # an open card may cover the next link
            link.focus()
            page.keyboard.press("Escape")
    page.wait_for_timeout(300)


def test_the_hostile_site_runs_nothing_and_requests_nothing_elsewhere(hostile_site, browser):
    with serve_folder(hostile_site) as base:
        page = browser.new_page()
        dialogs, off_site = _watch(page, (base, "data:", "blob:", "about:"))
        redirects = sorted(path.parent.name for path in (hostile_site / "terms").glob("*/index.html")
                           if "refresh" in path.read_text(encoding="utf-8"))
        assert len(redirects) >= 2  # the hostile aliases' redirect pages
        for path in ("", "terms/", "terms/optimizer/", "terms/base-optimizer/", "sources/forum/", "map/", "tags/",
                     "link/", *(f"terms/{slug}/" for slug in redirects)):
            _exercise(page, base + path)
        page.goto(base + "terms/optimizer/", wait_until="load")
        page.locator("input.md-search__input").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
        page.keyboard.type("onerror")
        expect(page.locator(".md-search-result__meta")).to_have_text(ANSWERED, timeout=15_000)
        results = page.locator(".md-search-result__list")
        assert results.locator("script, img, svg[onload], b[onmouseover]").count() == 0
    assert dialogs == []
    assert off_site == []


def test_the_hostile_copy_read_from_disk_runs_nothing(hostile_site, tmp_path, browser):
    with zipfile.ZipFile(hostile_site / "site.zip") as archive:
        archive.extractall(tmp_path)
    (copy,) = [path for path in tmp_path.iterdir() if path.is_dir()]
    page = browser.new_page()
    dialogs, off_site = _watch(page, ("file://", "data:", "blob:", "about:"))
    for name in ("index.html", "terms/optimizer.html", "terms/base-optimizer.html", "sources/forum.html"):
        _exercise(page, (copy / name).as_uri())
    page.goto((copy / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    for query in ("img", "onerror", "script", "base"):  # Material's own search prints tags and titles as HTML
        page.locator("input.md-search__input").fill("")
        page.keyboard.type(query)
        expect(page.locator(".md-search-result__meta")).to_have_text(ANSWERED, timeout=15_000)
        assert page.locator(".md-search-result__list").locator("script, img, svg, b").count() == 0
    assert dialogs == []
    assert off_site == []


def test_search_results_show_hostile_text_as_text(tmp_path, browser):
    """Material prints search titles and excerpts as HTML: what Pagefind found must be escaped."""
    maker = hostile_project(tmp_path / "project")
    _, site = pipeline.build(maker.project, downloads=False)
    with serve_folder(site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "terms/optimizer/", wait_until="networkidle")
        page.locator("input.md-search__input").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
        page.keyboard.type("onerror")
        results = page.locator(".md-search-result__list")
        expect(results.locator("h1").first).to_contain_text("<script>alert", timeout=10_000)
        assert results.locator("script, img").count() == 0
        excerpts = results.locator("article > p").all_inner_texts()
        assert any("<img src=x onerror=alert(1)>" in excerpt for excerpt in excerpts), excerpts  # as written
        assert not any("&lt;" in excerpt or "&amp;" in excerpt for excerpt in excerpts), excerpts
    assert dialogs == []


