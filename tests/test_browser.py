"""The built site in a real browser: pages render, nothing leaves 127.0.0.1, no errors."""

from __future__ import annotations

import pytest

from .browser import ARTIFACTS, chromium, serve_folder
from .test_site import built  # noqa: F401 - the module-scoped built site

PAGES = {
    "home": "",
    "term": "terms/mesa-optimizer/",
    "source": "sources/suboptimality-alignment-primer/",
    "tags": "tags/",
}


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_with_no_outside_request_and_no_console_error(built, browser, name):  # noqa: F811
    _, site = built
    with serve_folder(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(base + PAGES[name], wait_until="networkidle")
        assert page.locator("h1").first.is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        page.close()
    assert [url for url in requests if not url.startswith((base, "data:", "blob:"))] == []
    assert problems == []


def test_quote_link_lands_on_its_highlighted_passage(built, browser):  # noqa: F811
    _, site = built
    with serve_folder(site) as base:
        page = browser.new_page()
        page.goto(base + PAGES["term"])
        page.locator("blockquote.mg-quote .mg-attribution a").first.click()
        page.wait_for_load_state()
        anchor = page.url.split("#")[1]
        passage = page.locator(f"[id='{anchor}']")
        assert "mg-passage" in passage.get_attribute("class")
        assert passage.locator("mark.mg-quoted").count() >= 1
        assert passage.locator(".mg-quoted-by a", has_text="Mesa-optimizer").count() == 1
        page.close()
