"""The built site in headless Chromium, used the way a reader uses it.

Hover cards, keyboard and touch, search by alias, the A–Z filter, the concept map, the
copy buttons, an accessibility scan with axe-core, and on every page: no request leaves
127.0.0.1 and no console error. Screenshots of the key pages (light, dark, phone) are
kept in build/test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from mesa_glossary.core.urls import CARDS_ELEMENT
from mesa_glossary.load.validate import load_glossary
from tests.support.browser import ARTIFACTS, names_a_card_shows, serve_folder
from tests.support.projects import REPO

PAGES = {
    "home": "",
    "term": "terms/mesa-optimizer/",
    "source": "sources/suboptimality-alignment-primer/",
    "index": "terms/",
    "map": "map/",
    "tags": "tags/",
    "link": "link/",
    "changes": "changes/",
}
PUBLIC_URL = "https://mesa-glossary.example.org/"
#: A card opens on intent (embed.js): after the pointer has rested this long, and not long after.
CARD_DELAY_MS = (250, 1000)
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def base(built) -> Iterator[str]:
    _, site = built
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def page(strict_page, base):
    """A desktop page that fails the test on any console error or request off 127.0.0.1."""
    return strict_page(base, "data:", "blob:")


@pytest.fixture(scope="module")
def terms(built) -> dict[str, dict]:
    """Every term's card as the site publishes it (glossary.json), by slug."""
    _, site = built
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    return {term["slug"]: {"name": term["title"], "short": term["short"], "tags": term["tags"],
                           "aliases": term["aliases"]} for term in data["terms"]}


def card(page):
    return page.locator("#mg-card")


def page_cards(page) -> dict:
    """The cards a page carries (render/cards.py)."""
    return page.evaluate(f"JSON.parse(document.getElementById('{CARDS_ELEMENT}').textContent)")


# ---- Every key page ----

@pytest.mark.parametrize("name", PAGES)
def test_page_renders_with_no_outside_request_and_no_console_error(page, base, name):
    page.goto(base + PAGES[name], wait_until="networkidle")
    assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390)])
def test_screenshots_of_the_key_pages(browser, base, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    shot = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        shot.goto(base + path, wait_until="networkidle")
        overflow = shot.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
        shot.screenshot(path=str(ARTIFACTS / f"{name}-{scheme}-{width}.png"), full_page=name not in {"source", "index"})
    context.close()


def test_an_alias_address_lands_on_its_term_keeping_the_anchor(page, base):
    page.goto(base + "terms/mesa-optimiser/#in-the-sources")
    page.wait_for_url(base + "terms/mesa-optimizer/#in-the-sources")
    assert page.title().startswith("Mesa-optimizer")


# ---- Hover cards ----

_TIME_THE_CARD = """link => {
  window.__cardDelay = null;
  let started = null;
  link.addEventListener("pointerover", () => { started = performance.now(); }, {once: true});
  const card = document.getElementById("mg-card");
  const observer = new MutationObserver(() => {
    if (!card.hidden && started !== null) {
      observer.disconnect();
      requestAnimationFrame(() => { window.__cardDelay = performance.now() - started; });
    }
  });
  observer.observe(card, {attributes: true, attributeFilter: ["hidden"]});
}"""


@pytest.mark.parametrize(("path", "selector", "slug"), [
    ("terms/mesa-optimizer/", ".md-content p a[href='../base-optimizer/']", "base-optimizer"),
    ("sources/suboptimality-alignment-primer/", ".md-content a.mg-mention", None),
    ("map/", ".mg-map a[*|href='../terms/inner-alignment/']", "inner-alignment"),
    ("", ".md-content a[href='terms/deceptive-alignment/']", "deceptive-alignment"),
])
def test_resting_the_pointer_on_a_term_link_shows_its_card(page, base, terms, path, selector, slug):
    page.goto(base + path, wait_until="networkidle")
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    link.evaluate(_TIME_THE_CARD)
    link.hover()
    page.wait_for_function("window.__cardDelay !== null")
    delay = page.evaluate("window.__cardDelay")
    assert CARD_DELAY_MS[0] <= delay < CARD_DELAY_MS[1], f"card took {delay:.0f} ms"
    slug = slug or link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    assert page_cards(page)[slug] == terms[slug], "the page carries the card of the term it links"
    assert card(page).locator(".mg-card-name").inner_text() == terms[slug]["name"]
    assert card(page).locator(".mg-card-short").inner_text() == terms[slug]["short"]
    assert card(page).locator(".mg-card-tag").all_inner_texts() == terms[slug]["tags"]
    aliases = names_a_card_shows(terms[slug]["name"], terms[slug]["aliases"])
    if slug == "mesa-optimizer":
        assert aliases == ["mesa-optimiser", "inner optimizer"]
    if aliases:
        assert card(page).locator(".mg-card-aliases").inner_text() == "Also: " + ", ".join(aliases)
    assert link.get_attribute("aria-describedby") == "mg-card"
    page.mouse.move(5, 5)
    card(page).wait_for(state="hidden")


def test_the_card_stays_while_the_pointer_moves_onto_it(page, base):
    page.goto(base + "terms/mesa-optimizer/", wait_until="networkidle")
    page.locator(".md-content p a[href='../base-optimizer/']").first.hover()
    card(page).wait_for(state="visible")
    card(page).hover()
    page.wait_for_timeout(400)
    assert card(page).is_visible()


def test_keyboard_focus_shows_the_card_and_escape_closes_it(page, base, terms):
    page.goto(base + "terms/mesa-optimizer/", wait_until="networkidle")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-content') && "
                         "/\\/terms\\/[^/]+\\/$/.test(document.activeElement.href || '')"):
            break
    else:
        pytest.fail("no term link reached with Tab")
    focused = page.evaluate("document.activeElement.href").rstrip("/").rsplit("/", 1)[-1]
    assert card(page).is_visible()
    assert card(page).locator(".mg-card-name").inner_text() == terms[focused]["name"]
    page.keyboard.press("Escape")
    assert card(page).is_hidden()
    page.keyboard.press("Tab")  # moving on to the next link shows the next card, or none
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") in (None, "mg-card")


def test_on_touch_the_first_tap_shows_the_card_and_the_second_follows_the_link(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone = context.new_page()
    phone.goto(base + "terms/base-optimizer/", wait_until="networkidle")
    link = phone.locator(".md-content p a[href='../mesa-optimizer/']").first
    link.scroll_into_view_if_needed()
    link.tap()
    phone.locator("#mg-card").wait_for(state="visible")
    assert phone.url == base + "terms/base-optimizer/"
    assert phone.locator("#mg-card .mg-card-name").inner_text() == "Mesa-optimizer"
    box = phone.locator("#mg-card").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the card fits the screen
    link.tap()
    phone.wait_for_url(base + "terms/mesa-optimizer/")
    context.close()


def test_on_touch_one_tap_follows_a_link_whose_summary_is_beside_it(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone = context.new_page()
    phone.goto(base + "terms/", wait_until="networkidle")
    phone.locator("#mg-az a[href='mesa-optimizer/']").tap()
    phone.wait_for_url(base + "terms/mesa-optimizer/")
    context.close()


@pytest.mark.parametrize(("path", "selector"), [
    ("terms/", "#mg-az a[href='mesa-optimizer/']"),                     # the A–Z index
    ("tags/", ".md-content li a[href='../terms/mesa-optimizer/']"),    # the tags page
    ("terms/mesa-optimizer/", ".mg-summarized a[href='../base-optimizer/']"),  # relations
])
def test_no_card_repeats_a_summary_printed_beside_its_link(page, base, path, selector):
    page.goto(base + path, wait_until="networkidle")
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    link.hover()
    page.wait_for_timeout(CARD_DELAY_MS[1])
    assert card(page).is_hidden()
    assert link.get_attribute("aria-describedby") is None


_LINKED_TERMS = """() => {
  const slugs = new Set();
  for (const link of document.querySelectorAll(".md-content a[href]")) {
    if (link.closest("[data-mg-summarized]")) continue;
    const match = /\\/terms\\/([a-z0-9-]+)\\/$/.exec(new URL(link.getAttribute("href"), location.href).pathname);
    if (match) slugs.add(match[1]);
  }
  return [...slugs];
}"""


@pytest.mark.parametrize("name", PAGES)
def test_a_page_carries_the_cards_of_the_terms_it_links_and_no_others(page, base, terms, name):
    """Issue 17: what a page loads for cards grows with its links, not with the glossary;
    the index and the tags page, whose links all have their summary beside them, carry none."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + PAGES[name], wait_until="networkidle")
    linked = {slug for slug in page.evaluate(_LINKED_TERMS) if slug in terms}  # alias addresses have no card
    assert set(page_cards(page)) == linked
    if name in ("index", "tags"):
        assert linked == set()
    assert not [url for url in fetched if url.endswith(("/glossary.json", "cards.js"))], "no card data is fetched"


def test_search_results_get_no_card(page, base):
    """Results sit in the search dialog, whose links get no card (embed.js), as the navigation's."""
    page.goto(base + PAGES["term"], wait_until="networkidle")
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    page.keyboard.type("deceptive alignment")
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(r"/terms/deceptive-alignment/"), timeout=10_000)
    first.hover()
    page.wait_for_timeout(CARD_DELAY_MS[1])
    assert card(page).is_hidden()


def test_a_pointer_crossing_a_paragraph_of_links_opens_no_card(page, base):
    """Sweep the pointer across the definition's links at 1,000 px/s, as on the way to the
    table of contents: hover intent opens nothing; resting on the last link does.

    The page's clock is Playwright's, moved on 16 ms a step: on a busy machine a step's
    round trip can take longer than the rest that opens a card, which a real user's
    pointer at that speed never does.
    """
    page.clock.install()
    page.goto(base + "terms/mesa-optimizer/", wait_until="networkidle")
    paragraph = page.locator(".md-content .mg-definition p, .md-content p").filter(
        has=page.locator("a.mg-mention, a[href^='../']")).first
    links = paragraph.locator("a[href^='../']")
    assert links.count() >= 4
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    opened = page.evaluate("""() => {
        window.__opened = 0
        new MutationObserver(() => { if (!document.getElementById("mg-card").hidden) window.__opened += 1 })
            .observe(document.getElementById("mg-card"), {attributes: true, attributeFilter: ["hidden"]})
        return 0
    }""")
    x, y = boxes[0]["x"], boxes[0]["y"] + boxes[0]["height"] / 2
    page.mouse.move(x, y)
    for target in boxes[1:]:
        tx, ty = target["x"] + target["width"] / 2, target["y"] + target["height"] / 2
        distance = max(abs(tx - x) + abs(ty - y), 1)
        steps = max(int(distance / 16), 1)  # 16 px per 16 ms frame: 1,000 px/s
        for step in range(1, steps + 1):
            page.mouse.move(x + (tx - x) * step / steps, y + (ty - y) * step / steps)
            page.clock.run_for(16)
        x, y = tx, ty
    opened = page.evaluate("window.__opened")
    assert opened == 0, f"{opened} cards opened while the pointer crossed {len(boxes)} links"
    page.clock.run_for(CARD_DELAY_MS[1])  # now resting on the last link
    assert card(page).is_visible()


# ---- Search, the index filter and the map ----

@pytest.mark.parametrize(("query", "slug"), [
    ("mesa optimiser", "mesa-optimizer"),
    ("IDA", "amplification"),
    ("deceptively aligned", "deceptive-alignment"),
    ("LM agent", "language-model-agent"),
    ("rules of thumb", "bag-of-heuristics"),  # words of the summary
])
def test_search_finds_a_term_by_alias_or_summary_and_ranks_its_page_first(page, base, terms, query, slug):
    page.goto(base, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    # Keys typed while the worker still loads the index are lost: wait until it says it is ready.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    page.keyboard.type(query)
    first = page.locator(".md-search-result__item a").first
    # Results follow each key: wait for those of the whole query, whose first is the term.
    expect(first).to_have_attribute("href", re.compile(rf"/terms/{slug}/"), timeout=10_000)
    first.click()
    page.wait_for_url(f"{base}terms/{slug}/**")
    assert page.title() == terms[slug]["name"] + " - Mesa Glossary"


def test_search_fetches_only_the_pieces_of_the_index_a_query_needs(page, base, built):
    _, site = built
    material_index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material_index["docs"] == []  # every page load reads this file: Pagefind answers instead
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    query = page.locator("input.md-search__input")
    query.fill("deceptive alignment")
    query.press("End")  # Material reads the box on a key going up: one query, the whole one
    expect(page.locator(".md-search-result__item a").first).to_have_attribute(
        "href", re.compile(r"/terms/deceptive-alignment/"), timeout=10_000)
    # One answer, sent once: the count printed does not change after it.
    meta = page.locator(".md-search-result__meta")
    counts = set()
    for _ in range(15):
        counts.add(meta.inner_text())
        page.wait_for_timeout(100)
    assert len(counts) == 1, counts
    shown = int(meta.inner_text().split()[0])
    pieces = {url for url in fetched if url.endswith(".pf_fragment")}
    pages = len(list(site.rglob("index.html")))
    # At most one piece per page answered (20), never the index of every page.
    assert shown <= 20 and len(pieces) <= 20 < pages, (shown, len(pieces), pages)


def _worker_answers(page, queries: list[str]) -> list[list[str]]:
    """Ask the page's own search worker, with Material's messages, and return the
    locations of each query's results, in order."""
    return page.evaluate("""async queries => {
        const settings = JSON.parse(document.querySelector("#__config").textContent)
        const worker = new Worker(new URL(settings.search, location.href))
        const ask = message => new Promise(resolve => {
            const listen = ({ data }) => {
                if (data.type === 1 || data.type === 3) { worker.removeEventListener("message", listen); resolve(data) }
            }
            worker.addEventListener("message", listen)
            worker.postMessage(message)
        })
        await ask({ type: 0, data: {} })  /* SETUP, answered by READY */
        const answers = []
        for (const query of queries) {
            const { data } = await ask({ type: 2, data: query })  /* QUERY, answered by RESULT */
            answers.push(data.items.map(group => group[0].location))
        }
        worker.terminate()
        return answers
    }""", queries)


def test_every_name_and_alias_of_every_term_finds_that_term_first(page, base, built):
    project, _ = built
    glossary = load_glossary(project)
    page.goto(base, wait_until="networkidle")
    cases = [(name, term.slug) for term in glossary.sorted_terms() for name in term.names]
    answers = _worker_answers(page, [name for name, _ in cases])
    missed = [(name, slug, found[:2]) for (name, slug), found in zip(cases, answers, strict=True)
              if not found or found[0] != f"./terms/{slug}/"]
    assert missed == [], f"{len(missed)} of {len(cases)} names miss: {missed[:10]}"
    assert len(cases) > 300


@pytest.mark.parametrize(("query", "slug"), [
    ("mesa optimzer", "mesa-optimizer"),      # a typo
    ("decpetive alignment", "deceptive-alignment"),  # two letters swapped
    ("Mesa-Optimisers", "mesa-optimizer"),   # case, punctuation and a plural
    ("reachab", "reachability"),              # the beginning of a name
])
def test_search_forgives_typos_and_finds_names_by_their_beginning(page, base, query, slug):
    page.goto(base, wait_until="networkidle")
    [found] = _worker_answers(page, [query])
    assert found[0] == f"./terms/{slug}/", found[:3]


def test_search_marks_terms_and_lists_them_before_sources_and_guides(page, base):
    page.goto(base, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15_000)
    page.keyboard.type("reporter heads")
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(r"/terms/reporter-head/"), timeout=10_000)
    page.wait_for_timeout(500)
    kinds = page.locator(".md-search-result__item > a .mg-result-kind").all_text_contents()
    assert kinds[0] == "Term" and "Source" in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind != "Term"), kinds  # every term before the rest
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/terms/reporter-head/"))


def test_the_index_filter_narrows_the_list_by_name_alias_or_summary(page, base):
    page.goto(base + "terms/", wait_until="networkidle")
    total = page.locator("#mg-az li").count()
    search = page.get_by_label("Filter terms")
    search.fill("optimiser")
    shown = page.locator("#mg-az li:visible")
    names = shown.locator("a").all_inner_texts()
    assert "Mesa-optimizer" in names and "Base optimizer" in names  # found by their aliases
    assert 0 < len(names) < total
    assert page.locator(".mg-filter-status").inner_text() == f"{len(names)} of {total} terms"
    assert page.locator(".mg-letters a.mg-letter-off").count() > 0
    assert page.locator(".mg-letter:visible h2").count() < page.locator(".mg-letter h2").count()
    search.fill("no term says this")
    assert page.locator("#mg-az li:visible").count() == 0
    assert page.locator(".mg-filter-empty").is_visible()
    search.fill("inner misalign")
    search.press("Enter")
    page.wait_for_url(base + "terms/inner-misalignment/")


def test_letter_links_jump_to_their_letter(page, base):
    page.goto(base + "terms/", wait_until="networkidle")
    page.locator(".mg-letters a", has_text="R").click()
    assert page.url.endswith("#letter-r")
    assert page.locator("#letter-r").evaluate("h => h.getBoundingClientRect().top") < 200


@pytest.mark.parametrize(("path", "selector"), [
    ("map/", ".mg-map a[*|href='../terms/mesa-optimizer/']"),
    ("terms/inner-alignment/", ".mg-map a[*|href='../mesa-optimizer/']"),
])
def test_a_concept_map_node_leads_to_its_term(page, base, path, selector):
    page.goto(base + path, wait_until="networkidle")
    node = page.locator(selector)
    node.scroll_into_view_if_needed()
    node.click()
    page.wait_for_url(base + "terms/mesa-optimizer/")


_MAP_STATE = """() => {
    const box = document.querySelector(".mg-map-full .mg-map-scroll").getBoundingClientRect()
    const svg = document.querySelector(".mg-map-full svg")
    const drawn = svg.getBoundingClientRect()
    const node = slug => {
        const rect = document.getElementById("map-" + slug).getBoundingClientRect()
        return [rect.x + rect.width / 2, rect.y + rect.height / 2]
    }
    return { box: [box.x, box.y, box.width, box.height], drawn: [drawn.x, drawn.y, drawn.width, drawn.height],
             scale: new DOMMatrix(getComputedStyle(svg).transform).a, mesa: node("mesa-optimizer") }
}"""


def _map_page(page, base):
    page.goto(base + "map/", wait_until="networkidle")
    expect(page.locator(".mg-map-controls")).to_be_visible()
    return page.evaluate(_MAP_STATE)


def test_the_whole_map_opens_fitted_to_its_box(page, base):
    state = _map_page(page, base)
    x, y, width, height = state["box"]
    dx, dy, dwidth, dheight = state["drawn"]
    assert dx >= x - 1 and dy >= y - 1 and dx + dwidth <= x + width + 1 and dy + dheight <= y + height + 1
    assert dwidth >= width - 4 or dheight >= height - 4, "fitted: it touches two sides of the box"


def test_the_map_zooms_and_pans_with_buttons_keys_and_wheel(page, base):
    start = _map_page(page, base)["scale"]
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(300)
    zoomed = page.evaluate(_MAP_STATE)["scale"]
    assert zoomed > start * 1.2
    box = page.locator(".mg-map-full .mg-map-scroll")
    box.focus()
    page.keyboard.press("-")
    page.wait_for_timeout(300)
    assert page.evaluate(_MAP_STATE)["scale"] < zoomed
    before = page.evaluate(_MAP_STATE)["drawn"][0]
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    assert page.evaluate(_MAP_STATE)["drawn"][0] > before, "the left arrow shows what lies to the left"
    page.keyboard.press("0")
    page.wait_for_timeout(300)
    assert abs(page.evaluate(_MAP_STATE)["scale"] - start) < 1e-3
    x, y, width, height = page.evaluate(_MAP_STATE)["box"]
    page.mouse.move(x + width / 2, y + height / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(300)
    assert page.evaluate(_MAP_STATE)["scale"] > start
    assert page.url == base + "map/", "the page itself did not scroll away or navigate"


def test_find_a_term_centres_it_and_lights_its_neighbours(page, base):
    _map_page(page, base)
    find = page.get_by_label("Find a term")
    find.fill("inner optimizer")  # an alias
    find.press("Enter")
    page.wait_for_timeout(600)
    state = page.evaluate(_MAP_STATE)
    x, y, width, height = state["box"]
    assert abs(state["mesa"][0] - (x + width / 2)) < 2 and abs(state["mesa"][1] - (y + height / 2)) < 2
    lit = page.locator(".mg-map-full g.node.mg-lit").evaluate_all("nodes => nodes.map(n => n.id)")
    assert "map-mesa-optimizer" in lit and "map-mesa-objective" in lit and "map-base-optimizer" in lit
    assert page.locator(".mg-map-full .edge.mg-lit").count() >= len(lit) - 1
    find.fill("no such term")
    find.press("Enter")
    expect(page.locator(".mg-map-status")).to_have_text("No term of this map is called that.")


def test_unticking_a_family_fades_its_terms(page, base):
    _map_page(page, base)
    page.get_by_label("forecasting").uncheck()
    assert "mg-filtered" in page.locator("#map-biological-anchors").get_attribute("class")
    assert "mg-filtered" not in page.locator("#map-mesa-optimizer").get_attribute("class")
    page.get_by_label("forecasting").check()
    assert "mg-filtered" not in page.locator("#map-biological-anchors").get_attribute("class")


def test_a_drag_moves_the_map_and_does_not_open_the_term_under_it(page, base):
    _map_page(page, base)
    node = page.locator("#map-mesa-optimizer a")
    box = node.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 120, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert page.url == base + "map/"
    assert page.evaluate(_MAP_STATE)["mesa"][0] > box["x"] + 150


def test_map_links_are_plain_links_crawlers_follow(built):
    _, site = built
    html = (site / "map" / "index.html").read_text(encoding="utf-8")
    assert "xlink:href" not in html
    assert html.count('<a href="../terms/') >= 130


def test_on_a_phone_the_neighbourhood_map_gives_way_to_the_lists(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(base + "terms/mesa-optimizer/", wait_until="networkidle")
    assert phone.locator(".mg-map-neighbourhood").is_hidden()
    assert phone.locator(".mg-summarized").first.is_visible()
    context.close()


def test_on_a_phone_the_whole_map_waits_behind_a_note_until_asked_for(browser, base):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(base + "map/", wait_until="networkidle")
    assert phone.locator(".mg-map-full").is_hidden()
    note = phone.locator(".mg-map-small-note")
    assert note.is_visible() and note.get_by_role("link", name="A–Z index").is_visible()
    note.get_by_role("button", name="Show the map anyway").tap()
    expect(phone.locator(".mg-map-full")).to_be_visible()
    box = phone.locator(".mg-map-full .mg-map-scroll").bounding_box()
    drawn = phone.locator(".mg-map-full svg").bounding_box()
    assert drawn["width"] <= box["width"] + 4, "fitted to the phone's width once shown"
    context.close()


def test_the_map_prints_whole_without_its_controls(page, base):
    _map_page(page, base)
    page.get_by_role("button", name="Zoom in").click()
    page.emulate_media(media="print")
    assert page.locator(".mg-map-controls").is_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.mg-map-full svg')).transform") == "none"


@pytest.mark.parametrize(("address", "slug"), [
    ("terms/mesa-optimzer/", "mesa-optimizer"),        # a typo in a slug
    ("terms/inner-optimiser/", "mesa-optimizer"),      # an alias, misspelt
    ("terms/deceptive-aligment/#usage", "deceptive-alignment"),
])
def test_a_mistyped_term_address_suggests_the_term_it_meant(browser, base, terms, address, slug):
    """The host answers 404 (the browser logs it): the page, not a strict one, is what is tested.
    The suggestion's card comes from the names index the page reads (it has no tags)."""
    page = browser.new_page()
    page.goto(base + address, wait_until="networkidle")
    suggestion = page.locator(".mg-not-found-suggestion a")
    expect(suggestion).to_be_visible()
    assert suggestion.get_attribute("href") == f"{base}terms/{slug}/"
    suggestion.hover()
    expect(card(page).locator(".mg-card-name")).to_have_text(terms[slug]["name"])
    assert card(page).locator(".mg-card-short").inner_text() == terms[slug]["short"]
    suggestion.click()
    page.wait_for_url(f"{base}terms/{slug}/")
    page.close()


def test_an_address_like_no_term_suggests_nothing(browser, base):
    page = browser.new_page()
    page.goto(base + "terms/quantum-chromodynamics/", wait_until="networkidle")
    assert page.locator(".mg-not-found-suggestion").is_hidden()
    assert page.locator(".md-content a", has_text="A–Z index").is_visible()
    page.close()


def test_letter_links_are_targets_of_24_by_24_px_at_least(page, base):
    page.goto(base + "terms/", wait_until="networkidle")
    sizes = page.locator(".mg-letters a").evaluate_all(
        "links => links.map(link => { const r = link.getBoundingClientRect(); return [r.width, r.height] })")
    assert sizes and all(width >= 24 and height >= 24 for width, height in sizes), sizes


# ---- Copy buttons ----

@pytest.fixture
def clipboard_page(browser, base):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def copied(page, button) -> str:
    """Click a copy button and return the clipboard text once the button has said "Copied".

    The button's texts are recorded by a MutationObserver set up before the click, so a
    slow machine cannot make the test miss the short "Copied" state between two polls.
    """
    handle = button.element_handle()
    label = button.inner_text()
    handle.evaluate("""b => { b.mgTexts = [];
        new MutationObserver(() => b.mgTexts.push(b.textContent))
            .observe(b, {childList: true, characterData: true, subtree: true}); }""")
    button.click()
    page.wait_for_function("b => b.mgTexts.length > 0", arg=handle, polling=50)
    assert handle.evaluate("b => b.mgTexts[0]") == "Copied"
    text = page.evaluate("navigator.clipboard.readText()")
    page.wait_for_function("([b, label]) => b.textContent === label", arg=[handle, label], polling=50)
    return text


def test_copy_buttons_put_public_links_on_the_clipboard(clipboard_page, base):
    page = clipboard_page
    page.goto(base + "terms/mesa-optimizer/", wait_until="networkidle")
    url = PUBLIC_URL + "terms/mesa-optimizer/"
    assert copied(page, page.get_by_role("button", name="Copy link").first) == url
    assert copied(page, page.get_by_role("button", name="Copy Markdown link")) == f"[Mesa-optimizer]({url})"
    quote = page.locator("blockquote.mg-quote").first
    anchor = quote.locator(".mg-attribution a").first.get_attribute("href").split("#")[1]
    source = quote.locator(".mg-attribution a").first.get_attribute("href").split("#")[0].rstrip("/").rsplit("/", 1)[1]
    passage = f"{PUBLIC_URL}sources/{source}/#{anchor}"
    assert copied(page, quote.get_by_role("button", name="Copy link")) == passage
    markdown = copied(page, quote.get_by_role("button", name="Copy quote"))
    assert markdown.startswith("> When the learned algorithm is also an optimizer")
    assert markdown.rstrip().endswith(f"]({passage})")


def test_a_quoted_passage_on_a_source_page_copies_its_own_link(clipboard_page, base):
    page = clipboard_page
    page.goto(base + "sources/suboptimality-alignment-primer/", wait_until="networkidle")
    passage = page.locator(".mg-has-quote").first
    anchor = passage.get_attribute("id")
    assert copied(page, passage.get_by_role("button", name="Copy link")) == \
        f"{PUBLIC_URL}sources/suboptimality-alignment-primer/#{anchor}"


# ---- Accessibility ----

def _axe_script() -> str:
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is missing: 'make test' installs it (npm ci)")
        pytest.skip("axe-core is missing: run 'make test' (npm ci)")
    return AXE.read_text(encoding="utf-8")


#: What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.mark.parametrize("name", ["home", "term", "source", "index", "map", "link", "tags", "changes"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_at_all(browser, base, name, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + PAGES[name], wait_until="networkidle")
    page.add_script_tag(content=_axe_script())  # the local copy from node_modules, no request
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", AXE_TAGS)
    context.close()
    violations = [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
                   "where": [node["target"] for node in v["nodes"][:5]]} for v in result["violations"]]
    assert violations == [], json.dumps(violations, indent=2)


# ---- Quotes land on their passages ----

def test_quote_link_lands_on_its_highlighted_passage(page, base):
    page.goto(base + PAGES["term"])
    page.locator("blockquote.mg-quote .mg-attribution a").first.click()
    page.wait_for_load_state()
    anchor = page.url.split("#")[1]
    passage = page.locator(f"[id='{anchor}']")
    assert "mg-passage" in passage.get_attribute("class")
    assert passage.locator("mark.mg-quoted").count() >= 1
    assert passage.locator(".mg-quoted-by a", has_text="Mesa-optimizer").count() == 1

