"""Hover cards: the data each page carries for them, and the one card script with its layout.

Each page carries the cards of the terms it links, and no others, as JSON in an element of
its own (:func:`with_cards`): what a page loads for cards grows with its links, not with the
glossary (every page used to load one script with the card of every term: 1.4 MB at the
benchmark's 10,000 terms). Inline, the cards show at once, with no request, and also when
the site is opened from disk (``file://``), where pages cannot fetch files. The element
goes into the page's Markdown as an HTML block, so the docs tree builds the same with any
engine, and is found from the page's links as the site engine and the browser will
resolve them (:func:`~mesa_glossary.core.urls.linked_term`): the rendered pages, the
concept maps' links and hand-written pages alike.

The card script (``embed.js``, shipped in :mod:`mesa_glossary.assets`) is the same on the
site and on other people's pages; it learns the URL layout here, written into it at build
time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from mesa_glossary.core.markdown_text import RangeSet, code_ranges
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import CARDS_ELEMENT, browser_layout, linked_term
from mesa_glossary.render.safe_html import DATA_SCRIPT_TYPE

#: Marks an element whose links are listed with their summaries beside them: a card would
#: only repeat the summary, so ``embed.js`` shows none there and the page carries none for them.
SUMMARIZED = "data-mg-summarized"

#: Where a page's Markdown names an address: the target of a link (``](x.md)``,
#: ``](<x.md>)``) or of an HTML ``href`` (the concept maps' links, raw HTML in hand-written
#: pages), and of a reference definition (``[x]: x.md``). Patterns apart: each starts with
#: text the regular expression engine looks for fast, which keeps this pass over every page cheap.
_TARGETS = (re.compile(r"\]\([ \t]*<?([^\s)>]+)"), re.compile(r"href=[\"']([^\"']+)"))
_REFERENCE_TARGET = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_SUMMARIZED_OPENING = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?\s{SUMMARIZED}(?=[\s=/>])[^>]*>")
#: Escaped in the JSON (inside its strings, the only place they can be): ``</script>`` or
#: ``<!--`` in glossary text would otherwise end the element or change how it is read.
_INLINE_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def with_cards(glossary: Glossary, page_file: str, markdown: str, *, html_files: bool = False,
               before: str | None = None) -> str:
    """A page's Markdown with the cards of the terms it links appended, in the element
    ``embed.js`` reads (an empty one where it links none: it also tells the script it is on
    the glossary's own site, where it must not fetch ``glossary.json``).

    ``page_file`` is the page's path in the docs tree; ``html_files`` for the copy read
    from disk (see :func:`~mesa_glossary.core.urls.linked_term`). ``before`` is the page
    this made of an earlier version of the same glossary, with the same terms: where its
    Markdown is the same, so are its links, which are not looked for again (the concept
    map's page has thousands).
    """
    text = f"{markdown.rstrip()}\n\n"
    body, element = without_cards(before) if before is not None else ("", "")
    slugs = sorted(carried_slugs(before)) if element and body == text and before is not None else \
        linked_slugs(glossary, page_file, markdown, html_files=html_files)
    return f"{text}{cards_element(glossary, slugs)}\n"


def linked_slugs(glossary: Glossary, page_file: str, markdown: str, *, html_files: bool = False) -> list[str]:
    """The terms a page links where a card can show, sorted: not in code, and not in an
    element marked :data:`SUMMARIZED`."""
    patterns = [*_TARGETS, _REFERENCE_TARGET] if "]:" in markdown else _TARGETS
    skipped = RangeSet([*code_ranges(markdown), *_summarized(markdown)])
    found: set[str] = set()
    for pattern in patterns:
        for match in pattern.finditer(markdown):
            # Asked first: the A–Z index and the tags page list every term with its summary,
            # and resolving each of their links took 0.1 s of every save at 10,000 terms.
            if match.start() in skipped:
                continue
            slug = linked_term(page_file, match.group(1), html_files=html_files, site_url=glossary.site.url)
            if slug in glossary.terms:
                found.add(slug)
    return sorted(found)


def cards_element(glossary: Glossary, slugs: Iterable[str]) -> str:
    """A ``<script type="application/json">`` with the name, summary, tags and aliases of
    each term, by slug. Browsers never run a script of this type (nor does the page audit
    count it, :mod:`.safe_html`); its text is data, escaped so that no glossary text can end it."""
    terms = [glossary.terms[slug] for slug in slugs]
    cards = {term.slug: {"name": term.name, "short": term.short, "tags": list(term.tags),
                         "aliases": list(term.aliases)} for term in terms}
    data = json.dumps(cards, ensure_ascii=False, separators=(",", ":")).translate(_INLINE_UNSAFE)
    return f'<script type="{DATA_SCRIPT_TYPE}" id="{CARDS_ELEMENT}">{data}</script>'


#: A page's cards element, as :func:`cards_element` writes it and the site engine passes it
#: on (an HTML block is copied as it is). Its data has no ``<`` (escaped), so the first
#: ``</script>`` ends it.
_ELEMENT = re.compile(rf'<script type="{re.escape(DATA_SCRIPT_TYPE)}" id="{CARDS_ELEMENT}">[^<]*</script>')


def without_cards(page: str) -> tuple[str, str]:
    """A page's Markdown from :func:`with_cards` split into what comes before its cards
    element and the element ("" where it has none): two versions of a page that differ
    only in the element build to the same HTML around it."""
    element = _ELEMENT.search(page, page.rfind("<script "))
    if element is None or page[element.end():].strip():
        return page, ""
    return page[: element.start()], element.group(0)


def carried_slugs(page: str) -> frozenset[str]:
    """The terms whose cards a page from :func:`with_cards` carries: those it links."""
    element = without_cards(page)[1]
    return frozenset(json.loads(element[element.index(">") + 1: -len("</script>")])) if element else frozenset()


def built_cards(html: str) -> re.Match[str] | None:
    """Where a page built by the site engine has its cards element, or ``None`` where it
    does not have exactly one: a page cannot tell which would be its own."""
    found = list(_ELEMENT.finditer(html))
    return found[0] if len(found) == 1 else None


def replace_cards(html: str, element: str) -> str | None:
    """A page built by the site engine with its cards element replaced by ``element``, or
    ``None`` where it does not have exactly one (:func:`built_cards`)."""
    found = built_cards(html)
    return None if found is None else html[: found.start()] + element + html[found.end():]


def _summarized(markdown: str) -> Iterator[tuple[int, int]]:
    """The elements marked :data:`SUMMARIZED`, each from its opening tag to the tag that
    closes it (counting elements of the same name inside). One pass: the search for an
    element's end goes on from where the last one ended, and an unclosed one runs to the end."""
    position = 0
    while opening := _SUMMARIZED_OPENING.search(markdown, position):
        depth = 1
        tags = re.compile(rf"<(/?){re.escape(opening.group(1))}(?=[\s/>])[^>]*>", re.IGNORECASE)
        for tag in tags.finditer(markdown, opening.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                yield opening.start(), tag.end()
                position = tag.end()
                break
        else:
            yield opening.start(), len(markdown)
            return


#: Where ``embed.js`` takes its layout: ``var LAYOUT = /* layout */ null;``.
_LAYOUT_SLOT = re.compile(r"/\* layout \*/ null")


def embed_script(template: str, *, html_files: bool = False) -> str:
    """The card script with the site's URL layout (:func:`~mesa_glossary.core.urls.browser_layout`)
    written in; ``html_files`` for the copy read from disk."""
    layout = json.dumps(browser_layout(html_files=html_files), separators=(",", ":"))
    written, count = _LAYOUT_SLOT.subn(lambda _: layout, template)
    if count != 1:
        raise ValueError("embed.js has no 'var LAYOUT = /* layout */ null;' to write the layout into")
    return written
