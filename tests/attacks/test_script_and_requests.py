"""Glossary text never runs as script and never makes a page request another host.

Three layers, each tested here: ``check`` refuses the constructs that could (at their
line and column); every piece of HTML made from a definition goes through the
sanitiser's allow-list; and every page's content is audited as it is built, so a
hand-written page in docs/ cannot carry a script or a picture from elsewhere either.
Finally the whole hostile site is opened in Chromium, online and from disk, and must
raise no dialog and send no request off its own host.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from mesa_glossary import pipeline
from mesa_glossary.render import safe_html
from mesa_glossary.render.exports import markdown_to_html
from tests.attacks.conftest import buildable
from tests.conftest import OPTIMIZER
from tests.test_hardening import HOSTILE, _hostile_project

#: Definitions that would run script or load something, and the text each error points at.
REFUSED = {
    "block attribute list": ("Searches.\n{: onfocus=alert(1) autofocus tabindex=0 }", "{: onfocus", "attribute lists"),
    "inline attribute list": ("A [link](https://a.org/){ href=\"javascript:alert(1)\" } here.", "{ href=",
                              "attribute lists"),
    "class attribute list": ("Text\n{ .md-button onmouseover=alert(1) }", "{ .md-button", "attribute lists"),
    "entity-encoded scheme": ("A [link](javascript&#58;alert(1)).", "javascript&#58;alert(1)", "is not allowed"),
    "escaped scheme": ("A [link](javascript\\:alert(1)).", "javascript\\:alert(1)", "is not allowed"),
    "angle-bracket target": ("A [link](<javascript:alert(1)>).", "javascript:alert(1)", "is not allowed"),
    "target on the next line": ("A [link](\n  data:text/html,x).", "data:text/html,x", "is not allowed"),
    "reference on the next line": ("A [link][r].\n\n[r]:\n  javascript:alert(1)", "javascript:alert(1)",
                                   "is not allowed"),
    "reference in a quote": ("> A [link][r].\n>\n> [r]: vbscript:x", "vbscript:x", "is not allowed"),
    "reference in a quote, next line": ("> A [link][r].\n>\n> [r]:\n> javascript:x", "javascript:x", "is not allowed"),
    "reference in a list": ("- A [link][r].\n\n  [r]: javascript:x", "javascript:x", "is not allowed"),
    "image from another host": ("See ![chart](https://evil.example/track.png).", "![", "images are not allowed"),
    "image, scheme-relative": ("See ![](//evil.example/t.png).", "![", "images are not allowed"),
    "reference image": ("See ![chart][c].\n\n[c]: https://evil.example/c.png", "![", "images are not allowed"),
}


def _definition_entry(definition: str) -> str:
    indented = "\n".join("  " + line if line else "" for line in definition.split("\n"))
    return OPTIMIZER.replace("definition: Anything that searches.\n", f"definition: |\n{indented}\n")


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_check_refuses_what_could_run_or_load_at_its_line_and_column(maker, case):
    definition, shown, message = REFUSED[case]
    path = maker.term("optimizer", _definition_entry(definition))
    errors = [error for error in maker.errors() if "optimizer.yaml" in error]
    assert errors and all(message in error for error in errors), errors
    text = path.read_text(encoding="utf-8")
    offset = text.index(shown)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert errors[0].startswith(f"glossary/terms/optimizer.yaml:{line}:{column}: error: "), errors


@pytest.mark.parametrize("allowed", [
    "Sets like {0,1} and {a, b} stay text.",
    "Code may show anything: `![x](//evil/x.png)` and `{: onclick=x }`.",
    "```\n[r]: javascript:alert(1)\n![](https://evil.example/x.png)\n```",
    "A [web link](https://example.org/a?b=c#d), a [mail](mailto:a@example.org) and <https://example.org/>.",
    "Raw <img src=x onerror=alert(1)> and <script>alert(1)</script> are shown as text.",
])
def test_check_lets_text_that_only_looks_dangerous_through(maker, allowed):
    maker.term("optimizer", _definition_entry(allowed))
    assert maker.errors() == []


@pytest.mark.parametrize("html", [
    '<p><a href="javascript&#58;alert(1)">a</a></p>',
    '<p onmouseover="alert(1)">x<img src="https://evil.example/x.png" onerror="alert(1)"></p>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<p><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a></p>',
    '<h2 id="__config">x</h2><style>@import url(//evil.example/x.css)</style><iframe src="//evil"></iframe>',
    '<form action="https://evil.example/"><input autofocus onfocus="alert(1)"></form>',
])
def test_the_sanitiser_leaves_nothing_that_runs_or_loads(html):
    cleaned = safe_html.clean(html)
    assert safe_html.dangers(cleaned) == []
    assert not re.search(r"javascript|data:|evil|onerror|onmouseover|onfocus|__config|<img|<style|<iframe|<svg",
                         cleaned), cleaned


def test_exports_and_the_book_go_through_the_sanitiser():
    from mesa_glossary.render.book import _converter

    for convert in (markdown_to_html, lambda text: _converter().reset().convert(text)):
        html = convert("A [link](javascript&#58;alert(1)) and ![x](https://evil.example/x.png){: onload=x }")
        assert "javascript" not in html and "<img" not in html and "onload=" not in html.replace("{: onload", "")


@pytest.mark.parametrize(("page", "shown"), [
    ("Hello\n\n<script>alert(1)</script>\n", "<script"),
    ("Hello\n\n<img src=\"https://evil.example/pixel.png\">\n", "https://evil.example/pixel.png"),
    ("Hello\n\n<div onclick=\"alert(1)\">x</div>\n", "onclick"),
    ("Hello\n\n<iframe src=\"page.html\"></iframe>\n", "<iframe"),
    ("Hello\n\n<p style=\"background: url(https://evil.example/x.png)\">x</p>\n",
     "background: url(https://evil.example/x.png)"),
    ("Hello\n\n![pixel](https://evil.example/pixel.png)\n", "https://evil.example/pixel.png"),
    ("Hello\n\n[click](javascript:alert(1))\n", "javascript:alert(1)"),
])
def test_a_handwritten_page_that_would_run_or_load_fails_the_build_and_keeps_the_site(site_maker, run, page, shown):
    pipeline.build(site_maker.project, downloads=False)
    before = (site_maker.root / "site" / "index.html").read_bytes()
    path = site_maker.write("docs/evil.md", page)
    result = run("build", "--site-only", site_maker.root)
    assert result.code == 1
    text = path.read_text(encoding="utf-8")
    offset = text.index(shown)
    line = text.count("\n", 0, offset) + 1
    assert re.search(rf"^docs/evil\.md:{line}:\d+: error: .*(script|load|run)", result.err, re.MULTILINE), result.err
    assert (site_maker.root / "site" / "index.html").read_bytes() == before


# ---- In the browser: the hostile site online and from disk ----

#: Definitions the check accepts, written to tempt every renderer.
TEMPTING = ("Braces {0,1} \\{: x} \\{ .y }, entities &#60;script&#62;alert(1)&#60;/script&#62; and &lt;b&gt;, "
            "a [web link](https://example.org/?q=<script>) and `<img src=x onerror=alert(1)>`.")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "project"
    maker = _hostile_project(root)
    buildable_parts = buildable(tmp_path_factory.mktemp("parts") / "project").root
    del buildable_parts  # the hostile project already has the theme files
    maker.term("base-optimizer", f"""\
        term: 'Base <svg onload=alert(1)> optimizer'
        aliases: ['<img src=x onerror=alert(2)>']
        short: 'The training process <b onmouseover=alert(3)>that</b> searches.'
        definition: |
          {TEMPTING}
          It may produce an [[optimizer]].
        tags: [framework]
        related: [optimizer]
        references:
          - title: '<script>alert(4)</script>'
            url: https://example.org/paper
        """)
    _, site = pipeline.build(maker.project)
    return site


def _watch(page, allowed: tuple[str, ...]) -> tuple[list[str], list[str]]:
    dialogs: list[str] = []
    off_site: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(allowed) else off_site.append(request.url))
    return dialogs, off_site


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


def test_the_hostile_site_runs_nothing_and_requests_nothing_elsewhere(hostile_site):
    from playwright.sync_api import expect

    from tests.browser import chromium, serve_folder

    with serve_folder(hostile_site) as base, chromium() as browser:
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
        page.wait_for_timeout(1500)
        results = page.locator(".md-search-result__list")
        assert results.locator("script, img, svg[onload], b[onmouseover]").count() == 0
    assert dialogs == []
    assert off_site == []


def test_the_hostile_copy_read_from_disk_runs_nothing(hostile_site, tmp_path):
    from playwright.sync_api import expect

    from tests.browser import chromium

    with zipfile.ZipFile(hostile_site / "site.zip") as archive:
        archive.extractall(tmp_path)
    (copy,) = [path for path in tmp_path.iterdir() if path.is_dir()]
    with chromium() as browser:
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
            page.wait_for_timeout(800)
            assert page.locator(".md-search-result__list").locator("script, img, svg, b").count() == 0
    assert dialogs == []
    assert off_site == []


def test_hostile_text_reaches_the_pages_as_text(hostile_site):
    page = (hostile_site / "terms" / "base-optimizer" / "index.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(1)&gt;" in page
    assert "<svg onload" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    assert HOSTILE  # the shared payload is in every field of the other term (test_hardening)
