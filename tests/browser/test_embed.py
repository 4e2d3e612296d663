"""embed.js on somebody else's page: hover cards for the links that lead to glossary terms.

The built glossary is served on one port of 127.0.0.1 (with CORS, as static hosts such
as GitHub Pages serve it) and a plain external page on another; that page carries the
one script tag an author adds. No request may leave the two ports (links to the public
address are hovered, never followed), and the script may write nothing to the console.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, names_a_card_shows, serve_folder

CARD = "#mesa-glossary-card"
STYLE = "#mesa-glossary-embed-style"
QUIET_MS = 1200  # well past the card's show delay (the pointer rests 300 ms)
#: A page with a dark background of its own, whatever the reader's system setting.
DARK_HOST = "body { color: #e6e6e6 !important; background: #121417 !important; }"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Notes on learned optimization</title>
<link rel="icon" href="data:,">
<style>
  body {{ font: 18px/1.6 Georgia, serif; max-width: 38rem; margin: 3rem auto; padding: 0 1rem;
         color: #222; background: #fdfcf9; position: relative; }}
  a {{ color: #1a5fb4; }}
  @media (prefers-color-scheme: dark) {{ body {{ color: #ddd; background: #16181c; }} a {{ color: #8ab4f8; }} }}
</style>
</head>
<body>
<h1>Notes on learned optimization</h1>
<p>When training produces a model that itself searches, that model is a
<a id="local" href="{base}terms/mesa-optimizer/">mesa-optimizer</a>. Whether its objective matches the
one it was trained on is the question of <a id="public" href="{public}terms/inner-alignment/">inner
alignment</a>; the British spelling <a id="alias" href="{alias}">mesa-optimiser</a> leads to the same
term, as does <a id="public-alias" href="{public_alias}index.html#definition">an inner optimizer</a>.</p>
<p>More in <a id="plain" href="other.html">my previous post</a>, on
<a id="titled" class="mesa-glossary-term" href="{public}terms/bag-of-heuristics/" title="{titled}">heuristics</a>.</p>
<script src="{base}embed.js" defer></script>
</body>
</html>
"""

# Records whether a card ever shows, so a card that flashes between two checks is caught.
_WATCH_FOR_A_CARD = """() => {
  window.__cardShown = false;
  const seen = () => { const card = document.querySelector("#mesa-glossary-card");
                       if (card && !card.hidden) window.__cardShown = true; };
  new MutationObserver(seen).observe(document.documentElement, {subtree: true, childList: true, attributes: true});
}"""


@dataclass
class Sites:
    glossary: str      # base URL of the glossary, served with CORS
    no_cors: str       # the same glossary served without CORS
    pages: str         # base URL of the external pages
    data: dict         # the built glossary.json

    def term(self, slug: str) -> dict:
        return next(term for term in self.data["terms"] if term["slug"] == slug)


@dataclass
class Visit:
    page: object
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def json_requests(self, base: str) -> int:
        return self.requests.count(base + "glossary.json")


def _rebase(url: str, public: str, base: str) -> str:
    assert url.startswith(public)
    return base + url.removeprefix(public)


@pytest.fixture(scope="module")
def sites(built, tmp_path_factory) -> Iterator[Sites]:
    _, site = built
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    public = data["url"]
    mesa = next(term for term in data["terms"] if term["slug"] == "mesa-optimizer")
    alias = next(url for url in mesa["alias_urls"] if url.endswith("/terms/mesa-optimiser/"))
    public_alias = next(url for url in mesa["alias_urls"] if url.endswith("/terms/inner-optimizer/"))
    titled = next(term for term in data["terms"] if term["slug"] == "bag-of-heuristics")["short"]
    folder: Path = tmp_path_factory.mktemp("external")
    (folder / "other.html").write_text("<!doctype html><title>Other</title><link rel=icon href='data:,'>",
                                       encoding="utf-8")
    with serve_folder(site, cors=True) as glossary, serve_folder(site) as no_cors, serve_folder(folder) as pages:
        for name, base in (("post.html", glossary), ("no-cors.html", no_cors)):
            (folder / name).write_text(PAGE.format(base=base, public=public, alias=_rebase(alias, public, base),
                                                   public_alias=public_alias, titled=html.escape(titled)),
                                       encoding="utf-8")
        post = (folder / "post.html").read_text(encoding="utf-8")
        (folder / "dark-host.html").write_text(post.replace("</style>", DARK_HOST + "\n</style>"), encoding="utf-8")
        (folder / "options.html").write_text(
            post.replace('embed.js" defer', 'embed.js" data-theme="dark" data-delay="800" defer'), encoding="utf-8")
        (folder / "bad-option.html").write_text(
            post.replace('embed.js" defer', 'embed.js" data-delay="soon" defer'), encoding="utf-8")
        yield Sites(glossary, no_cors, pages, data)


def _visit(context, sites: Sites) -> Visit:
    page = context.new_page()
    visit = Visit(page)
    allowed = (sites.glossary, sites.no_cors, sites.pages, "data:")
    page.on("request", lambda request: (visit.requests if request.url.startswith(allowed) else visit.outside)
            .append(request.url))
    page.on("console", lambda message: visit.console.append(
        f"{message.type}: {message.text} ({message.location.get('url', '')})"))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    return visit


@pytest.fixture
def visit(browser, sites) -> Iterator[Visit]:
    """A desktop page that fails the test on any request off the two ports or any console output."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = _visit(context, sites)
    yield opened
    context.close()
    assert opened.outside == [], "requests left the two ports of 127.0.0.1"
    assert opened.errors == [], "uncaught errors"
    assert opened.console == [], "console output"


def _open(visit: Visit, sites: Sites, name: str = "post.html"):
    page = visit.page
    page.goto(sites.pages + name, wait_until="networkidle")
    return page


def _card_fits(page) -> None:
    box = page.locator(CARD).bounding_box()
    view = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"]


# ---- Cards for links to the glossary ----

@pytest.mark.parametrize(("link", "slug"), [
    ("local", "mesa-optimizer"),          # the address embed.js was loaded from
    ("public", "inner-alignment"),        # the public address recorded in glossary.json
    ("alias", "mesa-optimizer"),          # an alias redirect, at the loaded-from address
    ("public-alias", "mesa-optimizer"),   # an alias redirect at the public address, index.html#hash
])
def test_hovering_a_term_link_shows_its_card(visit, sites, link, slug):
    page = _open(visit, sites)
    term = sites.term(slug)
    anchor = page.locator(f"#{link}")
    anchor.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card).to_have_attribute("role", "tooltip")
    expect(card.locator(".mesa-glossary-card-name")).to_have_text(term["title"])
    expect(card.locator(".mesa-glossary-card-short")).to_have_text(term["short"])
    expect(card.locator(".mesa-glossary-card-tag")).to_have_text(term["tags"])
    expect(card.locator(".mesa-glossary-card-aliases")).to_have_text(
        "Also: " + ", ".join(names_a_card_shows(term["title"], term["aliases"])))
    expect(anchor).to_have_attribute("aria-describedby", "mesa-glossary-card")
    _card_fits(page)
    page.mouse.move(5, 5)
    expect(card).to_be_hidden()
    expect(anchor).not_to_have_attribute("aria-describedby", "mesa-glossary-card")
    assert page.url == sites.pages + "post.html", "hovering must not navigate"
    assert visit.json_requests(sites.glossary) == 1
    assert page.locator(STYLE).count() == 1


def test_one_fetch_serves_every_card_and_an_ordinary_link_gets_none(visit, sites):
    page = _open(visit, sites)
    card = page.locator(CARD)
    for link in ("local", "public", "alias", "public-alias", "local"):
        page.locator(f"#{link}").hover()
        expect(card).to_be_visible()
        page.mouse.move(5, 5)
        expect(card).to_be_hidden()
    page.evaluate(_WATCH_FOR_A_CARD)
    page.locator("#plain").hover()
    page.wait_for_timeout(QUIET_MS)
    assert page.evaluate("window.__cardShown") is False
    assert page.locator("#plain").get_attribute("aria-describedby") is None
    assert visit.json_requests(sites.glossary) == 1
    assert page.locator(STYLE).count() == 1 and page.locator(CARD).count() == 1


def test_the_card_stays_while_the_pointer_moves_onto_it(visit, sites):
    page = _open(visit, sites)
    page.locator("#public").hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    card.hover()
    page.wait_for_timeout(QUIET_MS)
    expect(card).to_be_visible()
    page.mouse.move(5, 5)
    expect(card).to_be_hidden()


def test_a_links_own_title_gives_way_to_the_card_and_comes_back(visit, sites):
    """Links written by the glossary's Markdown extension carry the summary as a title too."""
    page = _open(visit, sites)
    link = page.locator("#titled")
    summary = sites.term("bag-of-heuristics")["short"]
    assert link.get_attribute("title") == summary
    link.hover()
    expect(page.locator(CARD + " .mesa-glossary-card-short")).to_have_text(summary)
    assert link.get_attribute("title") is None, "the browser's tooltip would repeat the card"
    page.mouse.move(5, 5)
    expect(page.locator(CARD)).to_be_hidden()
    expect(link).to_have_attribute("title", summary)
    assert link.get_attribute("data-mesa-glossary-title") is None


def test_a_link_the_page_adds_later_gets_a_card_too(visit, sites):
    page = _open(visit, sites)
    term = sites.term("deceptive-alignment")
    page.evaluate("""url => { const p = document.createElement("p"); const a = document.createElement("a");
        a.id = "later"; a.href = url; a.textContent = "deceptive alignment"; p.append("Added later: ", a);
        document.body.append(p); }""", term["url"])
    page.locator("#later").hover()
    expect(page.locator(CARD + " .mesa-glossary-card-name")).to_have_text(term["title"])
    assert visit.json_requests(sites.glossary) == 1


def test_keyboard_focus_shows_the_card_and_escape_hides_it(visit, sites):
    page = _open(visit, sites)
    card = page.locator(CARD)
    page.keyboard.press("Tab")
    local = page.locator("#local")
    expect(local).to_be_focused()
    expect(card).to_be_visible()
    expect(card.locator(".mesa-glossary-card-name")).to_have_text("Mesa-optimizer")
    expect(local).to_have_attribute("aria-describedby", "mesa-glossary-card")
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(local).not_to_have_attribute("aria-describedby", "mesa-glossary-card")
    page.keyboard.press("Tab")  # the next term link shows its own card
    expect(page.locator("#public")).to_be_focused()
    expect(card.locator(".mesa-glossary-card-name")).to_have_text(sites.term("inner-alignment")["title"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # focus leaves the term links for the ordinary one: no card
    expect(page.locator("#plain")).to_be_focused()
    expect(card).to_be_hidden()


def test_on_touch_the_first_tap_shows_the_card_and_the_second_follows_the_link(browser, sites):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone = _visit(context, sites)
    page = _open(phone, sites)
    link = page.locator("#local")
    link.tap()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(card.locator(".mesa-glossary-card-hint")).to_be_visible()
    assert page.url == sites.pages + "post.html"
    _card_fits(page)
    link.tap()
    page.wait_for_url(sites.glossary + "terms/mesa-optimizer/")
    context.close()
    assert phone.outside == [] and phone.errors == []


# ---- When the glossary cannot be read ----

def test_without_cors_there_are_no_cards_and_nothing_breaks(visit, sites):
    page = visit.page
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/glossary.json")):
        page.goto(sites.pages + "no-cors.html")
    page.evaluate(_WATCH_FOR_A_CARD)
    for link in ("local", "public", "alias"):
        page.locator(f"#{link}").hover()
        page.wait_for_timeout(QUIET_MS // 3)
    page.locator("#local").focus()
    page.wait_for_timeout(QUIET_MS)
    assert page.evaluate("window.__cardShown") is False
    assert page.locator(CARD).count() == 0 and page.locator(STYLE).count() == 0
    assert visit.json_requests(sites.no_cors) == 1, "a failed fetch is not retried on every hover"
    page.locator("#local").click()  # the link still works as a link
    page.wait_for_url(sites.no_cors + "terms/mesa-optimizer/")
    # The browser reports the blocked request; embed.js says once what it means for the cards.
    browser_reports = [line for line in visit.console if line.startswith("error: ")
                       and ("CORS policy" in line or "net::ERR_FAILED" in line)]
    assert browser_reports, visit.console
    own = [line for line in visit.console if line.startswith("warning: Mesa Glossary: no hover cards: ")]
    assert len(own) == 1 and "Access-Control-Allow-Origin" in own[0], visit.console
    visit.console[:] = [line for line in visit.console if line not in browser_reports + own]


# ---- Manners and options ----

def _card_is_dark(page) -> bool:
    return page.evaluate("""() => {
        const [r, g, b] = getComputedStyle(document.querySelector("#mesa-glossary-card")).backgroundColor
            .match(/[\\d.]+/g).map(Number)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128
    }""")


@pytest.mark.parametrize(("page_name", "system", "dark"), [
    ("post.html", "light", False),       # a light page
    ("post.html", "dark", True),         # the page turns dark with the system: so does the card
    ("dark-host.html", "light", True),   # a page that is dark whatever the system says
])
def test_the_card_takes_the_colours_of_the_page_not_of_the_system(browser, sites, page_name, system, dark):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=system)
    visit = _visit(context, sites)
    page = _open(visit, sites, page_name)
    page.locator("#local").hover()
    expect(page.locator(CARD)).to_be_visible()
    assert _card_is_dark(page) is dark
    context.close()
    assert visit.outside == [] and visit.errors == [] and visit.console == []


def test_the_script_tag_sets_the_delay_and_the_theme(visit, sites):
    page = _open(visit, sites, "options.html")
    page.evaluate(_WATCH_FOR_A_CARD)
    page.locator("#local").hover()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__cardShown") is False, "data-delay=800 waits longer than the default"
    expect(page.locator(CARD)).to_be_visible()
    assert _card_is_dark(page), "data-theme=dark on a light page"


def test_a_malformed_option_is_named_in_the_console_and_the_default_used(visit, sites):
    page = _open(visit, sites, "bad-option.html")
    page.locator("#local").hover()
    expect(page.locator(CARD)).to_be_visible()
    assert visit.console[:1] and 'ignoring data-delay="soon"' in visit.console[0], visit.console
    visit.console.clear()


# ---- For a person to look at ----

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot_of_a_card_on_an_external_page(browser, sites, scheme):
    context = browser.new_context(viewport={"width": 900, "height": 560}, color_scheme=scheme)
    shot = _visit(context, sites)
    page = _open(shot, sites)
    page.locator("#public").hover()
    expect(page.locator(CARD)).to_be_visible()
    _card_fits(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = "embed-card.png" if scheme == "light" else "embed-card-dark.png"
    page.screenshot(path=str(ARTIFACTS / name))
    context.close()
    assert shot.outside == [] and shot.errors == [] and shot.console == []
