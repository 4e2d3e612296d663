"""Hostile text in every field of a project that builds: shown as text on every page, in the
PDF and the exports; a hand-written page that would run or load anything fails the build."""

from __future__ import annotations

import json
import re

import pytest

from mesa_glossary import pipeline
from mesa_glossary.render.book import book_html
from tests.support.projects import HOSTILE, RAW_TAG, hostile_project


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




def test_hostile_text_reaches_the_pages_as_text(hostile_site):
    page = (hostile_site / "terms" / "base-optimizer" / "index.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(1)&gt;" in page
    assert "<svg onload" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    assert HOSTILE  # the shared payload is in every field of the other term (test_hardening)


def test_html_in_any_text_field_is_shown_never_run(tmp_path):
    maker = hostile_project(tmp_path / "project")
    _, site = pipeline.build(maker.project, downloads=False)
    pages = [path for path in site.rglob("*") if path.suffix in {".html", ".js", ".json", ".jsonld", ".xml"}]
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            assert not RAW_TAG.search(text), f"{path.relative_to(site)} lets glossary text run as HTML"
        for cards in re.findall(r'<script type="application/json" id="mg-cards">(.*?)</script>', text, re.DOTALL):
            assert not re.search(r"[<>&]", cards), f"{path.relative_to(site)}: glossary text could end its card data"
    page = (site / "terms" / "optimizer" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    linking = (site / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")  # its map links optimizer
    [cards] = re.findall(r'<script type="application/json" id="mg-cards">(.*?)</script>', linking, re.DOTALL)
    assert json.loads(cards)["optimizer"]["short"] == f"A system that searches {HOSTILE}", "the card shows it as text"


def test_the_pdf_shows_hostile_text_as_text(tmp_path):
    maker = hostile_project(tmp_path / "project")
    html = book_html(pipeline.check(maker.project), built=__import__("datetime").date(2026, 1, 1))
    assert not RAW_TAG.search(html)




