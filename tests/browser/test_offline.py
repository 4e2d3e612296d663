"""The copy read from disk (site.zip) opened from file:// in Chromium: search, cards, maps and
copy links work, and no request leaves the disk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS


@pytest.fixture
def page(strict_page):
    """A page that fails the test on any request that is not to a file, and on console errors."""
    return strict_page("file://", "data:", "blob:", "about:")


def test_search_works_from_disk(page, unpacked):
    page.goto(unpacked.joinpath("index.html").as_uri())

    page.locator("input.md-search__input").click()
    # The index loads in a worker (the iframe shim from disk); the search says when it is ready.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    page.keyboard.type("mesa optimiser")  # as a reader types: Material searches on key events
    first = page.locator(".md-search-result__item a").first
    # Results follow each key: wait for those of the whole query, whose first is the term.
    term = unpacked.joinpath("terms", "mesa-optimizer.html").as_uri()
    expect(first).to_have_attribute("href", re.compile(re.escape(term) + r"(\?.*)?$"), timeout=15_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-search.png"))
    first.click()
    page.wait_for_url(unpacked.joinpath("terms", "mesa-optimizer.html").as_uri() + "?h=*")


def test_cards_maps_and_copy_links_work_from_disk(page, unpacked):
    page.goto(unpacked.joinpath("terms", "mesa-optimizer.html").as_uri())
    page.locator(".md-content p a[href='base-optimizer.html']").first.hover()
    card = page.locator("#mg-card")
    card.wait_for(state="visible")
    assert card.locator(".mg-card-name").inner_text() == "Base optimizer"
    page.mouse.move(5, 5)
    card.wait_for(state="hidden")
    copied = page.evaluate("""() => { const written = [];
        navigator.clipboard.writeText = text => { written.push(text); return Promise.resolve(); };
        document.execCommand = () => { written.push(document.querySelector("body > textarea").value); return true; };
        document.querySelector("button.mg-copy[data-mg-copy=page]").click();
        return new Promise(resolve => setTimeout(() => resolve(written), 100)); }""")
    assert copied == ["https://mesa-glossary.example.org/terms/mesa-optimizer/"], "the permanent address, not x.html"
    node = page.locator(".mg-map a[*|href='deceptive-alignment.html']")
    node.scroll_into_view_if_needed()
    node.click()
    page.wait_for_url(unpacked.joinpath("terms", "deceptive-alignment.html").as_uri())




def test_the_whole_map_is_explorable_from_disk(page, unpacked):
    page.goto(unpacked.joinpath("map.html").as_uri())
    expect(page.locator(".mg-map-controls")).to_be_visible()  # Panzoom and the map script loaded from disk
    find = page.get_by_label("Find a term")
    find.fill("Mesa-optimizer")
    find.press("Enter")
    expect(page.locator("#map-mesa-optimizer")).to_have_class(re.compile(r"\bmg-lit\b"))
