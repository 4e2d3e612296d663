"""Markdown for every generated page: terms, sources, the A–Z index and tags.

Pages link each other by relative ``.md`` paths, which MkDocs checks in strict mode
and turns into directory URLs (``/terms/<slug>/``).
"""

from __future__ import annotations

import html
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime

from markupsafe import Markup

from mesa_glossary.core.diagnostics import counted
from mesa_glossary.core.markdown_text import WikiLink, running_text_name, splice
from mesa_glossary.core.matcher import Mention
from mesa_glossary.core.model import Glossary, Quote, Reference, Source, Term, quoted_segments
from mesa_glossary.core.project import TERMS_FOLDER
from mesa_glossary.core.sources import Block
from mesa_glossary.core.urls import (
    MAP_PAGE,
    MAP_SCRIPTS,
    SITE_SCRIPT,
    SOURCES_PAGE,
    TAGS_PAGE,
    TERMS_INDEX_PAGE,
    absolute,
    page_url,
    relative_path,
    social_image,
    source_page,
    term_page,
    term_path,
)
from mesa_glossary.render.autolink import literal_with_links, mention_link
from mesa_glossary.render.cards import SUMMARIZED
from mesa_glossary.render.citation import cite, csl_json
from mesa_glossary.render.markup import escape, fenced, front_matter, inert_html, link, tag_anchor
from mesa_glossary.render.templates import render_template
from mesa_glossary.render.verbatim import verbatim
from mesa_glossary.render.views import MENTIONS_SHOWN, OTHER, excerpt, letter_groups, source_facts

#: The key of the whole map among the laid-out maps (see :mod:`.conceptmap`).
FULL_MAP_KEY = "map"
#: Marks what neither search indexes, on a block whose Markdown is converted (md_in_html
#: drops an attribute with no value): Material's search reads ``data-search-exclude`` and
#: then strips every ``data-search-*="…"`` from the page, so Pagefind, which reads the
#: finished page, is told apart.
SEARCH_EXCLUDED = 'data-search-exclude="true" data-pagefind-ignore="all"'
#: Search ranks a term's own page above pages that merely mention one of its names.
TERM_SEARCH_BOOST = 4
#: Pagefind's weight for a term's other names: its highest, above the title's 7.
ALIAS_SEARCH_WEIGHT = 10


#: The comments around a definition on its page: the engine's HTML between them goes
#: through the sanitiser (:mod:`.safe_html`) before anything else sees it. A definition
#: cannot write them itself: its ``<`` reach the page as ``&lt;``.
DEFINITION_START = "<!-- mg-definition -->"
DEFINITION_END = "<!-- /mg-definition -->"


def definition_block(markdown: str) -> str:
    """A definition's Markdown between the comments that mark it for the sanitiser."""
    return f"{DEFINITION_START}\n\n{markdown.strip()}\n\n{DEFINITION_END}\n"


def relative(from_page: str, to_page: str) -> str:
    """The relative link from one page's file to another's (with an optional ``#anchor``)."""
    target, _, anchor = to_page.partition("#")
    path = relative_path(target, posixpath.dirname(from_page))
    return f"{path}#{anchor}" if anchor else path


def render_pages(glossary: Glossary, maps: Mapping[str, str], *, html_files: bool = False) -> dict[str, str]:
    """Every generated page, by its path in the docs tree.

    ``maps`` holds the laid-out concept maps (inline SVG) by key, from
    :mod:`~mesa_glossary.render.conceptmap`; ``html_files`` makes the pages of the copy
    read from disk, whose HTML links (the lists of terms) lead to ``.html`` files.
    """
    pages = {term_page(term.slug): render_term(glossary, term, maps.get(term_page(term.slug)), html_files=html_files)
             for term in glossary.terms.values()}
    pages.update({source_page(source.id): render_source(glossary, source) for source in glossary.sources.values()})
    pages.update(render_overview_pages(glossary, maps, html_files=html_files))
    return pages


def render_overview_pages(glossary: Glossary, maps: Mapping[str, str], *, html_files: bool = False
                          ) -> dict[str, str]:
    """The pages that list every term or source (the A–Z index, the concept map, the tags,
    the sources), which any edit may change; the preview renders them after every edit."""
    return {TERMS_INDEX_PAGE: render_terms_index(glossary, html_files=html_files),
            MAP_PAGE: render_map_page(glossary, maps), TAGS_PAGE: render_tags(glossary, html_files=html_files),
            SOURCES_PAGE: render_sources_index(glossary)}


def shown_with(glossary: Glossary, term: Term) -> tuple[set[str], set[str]]:
    """The other terms and the sources whose pages list ``term`` (by name, with its summary, or
    among the passages it quotes): its broader, narrower and related terms (their relations
    and concept maps), the terms its definition links (their "Linked from"), and the
    sources it quotes. Relations and links run both ways, so these are also the pages
    whose lists change when the term's relations, links or quotes do.

    The pages that carry its hover card are found from the cards they carry instead
    (:func:`~mesa_glossary.render.cards.carried_slugs`).
    """
    related = {other.slug for _, others in glossary.relation_groups(term) for other in others}
    return related | glossary.links_from(term), {quote.source.id for quote in term.quotes}


def render_term(glossary: Glossary, term: Term, neighbourhood_map: str | None = None, *,
                html_files: bool = False) -> str:
    """A term's page; ``html_files`` for the copy read from disk (see :func:`summary_list`)."""
    page = term_page(term.slug)
    # Search weighs a term's names far above its text, so that a search for any alias
    # finds the term's own page first: Pagefind (the hosted site) by the weight on the
    # "Also called" line, Material's search (the copy read from disk) by the ``tags``.
    # ``description`` and ``preview`` feed the link-preview tags (the theme template, assets/theme/main.html).
    # Material's search prints a result's tags as HTML, so they are escaped like the title.
    site = glossary.site
    parts = [front_matter(title=html.escape(term.name), description=term.short, preview="article",
                          tags=[html.escape(name) for name in term.names],
                          search={"boost": TERM_SEARCH_BOOST},
                          # Where the entry is edited: its YAML file, not this generated page.
                          edit_url=f"{site.edit_url}{TERMS_FOLDER}/{term.path.name}" if site.edit_url else None,
                          # schema.org for search engines (the theme template prints it as JSON-LD).
                          defined_term=defined_term(glossary, term),
                          # The link-preview picture (render/social.py), by its permanent address.
                          social_image=absolute(site, social_image(term.slug))),
             f"# {escape(term.name)}\n"]
    if term.aliases:
        parts.append("Also called " + ", ".join(f"*{escape(alias)}*" for alias in term.aliases)
                     + f'\n{{: .mg-aliases data-pagefind-weight="{ALIAS_SEARCH_WEIGHT}" }}\n')
    parts.append(f"**{escape(term.short)}**\n{{: .mg-short }}\n")
    parts.append(_term_copy_buttons(term))
    parts.append(definition_block(resolve_links(glossary, term.definition, page, own=term)))
    if term.senses:
        parts.append(_senses_section(term))
    parts.append(" ".join(link(tag, relative(page, f"{TAGS_PAGE}#{tag_anchor(tag)}")) + "{ .mg-tag }"
                          for tag in term.tags) + "\n{: .mg-tags }\n")
    parts.extend(_relation_sections(glossary, term, page, html_files=html_files))
    backlinks = glossary.linked_from(term)
    if backlinks:
        # Out of the search index, as the mentions below: other terms' summaries would rank
        # this page for their words (SEARCH_EXCLUDED).
        parts.append("## Linked from\n")
        parts.append(summary_list(backlinks, page, intro="The definitions of these terms link here.",
                                  html_files=html_files))
    if neighbourhood_map:
        parts.append("## Concept map\n")
        parts.append(_map_figure(neighbourhood_map, "mg-map-neighbourhood",
                                 f"{escape(term.name)} and its neighbours; "
                                 f"see the {link('whole map', relative(page, MAP_PAGE))}."))
    parts.append("## In the sources\n")
    parts.extend(_quote_block(glossary, term, quote, index, page) for index, quote in enumerate(term.quotes, start=1))
    parts.extend(_mention_list(glossary, term, page))
    if term.references:
        parts.append("## References\n")
        parts.append("".join(f"- {_reference_link(ref)}\n" for ref in term.references))
    parts.append(_cite_section(glossary, term))
    return "\n".join(parts)


def defined_term(glossary: Glossary, term: Term) -> dict[str, object]:
    """The term as a schema.org ``DefinedTerm`` in the glossary's ``DefinedTermSet``."""
    site = glossary.site
    url = absolute(site, term_path(term.slug))
    term_set: dict[str, object] = {"@type": "DefinedTermSet", "@id": site.url, "name": site.title, "url": site.url}
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "DefinedTerm", "@id": url, "name": term.name,
                               "description": term.short, "url": url, "termCode": term.slug,
                               "inDefinedTermSet": term_set}
    if term.aliases:
        data["alternateName"] = list(term.aliases)
    if site.license_url:
        data["license"] = site.license_url
    return data


def _cite_section(glossary: Glossary, term: Term) -> str:
    """"Cite this term": the formatted reference, the version's dates, BibTeX and CSL-JSON.

    Every term page says the same around the reference, so the section is kept out of
    the search index.
    """
    citation = cite(glossary, term)
    history = glossary.history.get(term.slug)
    dates = (f"This version: {long_date(history.changed)}. First published {long_date(history.published)}.\n\n"
             if history else "")
    return ("## Cite this term\n\n"
            f'<div class="mg-cite" {SEARCH_EXCLUDED} markdown>\n\n'
            f'<p class="mg-cite-reference">{citation.reference_html}</p>\n\n{dates}'
            f"<details markdown>\n<summary>BibTeX</summary>\n\n{fenced(citation.bibtex, 'bibtex')}\n</details>\n\n"
            "<details markdown>\n<summary>CSL-JSON (Zotero, pandoc)</summary>\n\n"
            f"{fenced(csl_json(citation), 'json')}\n</details>\n\n</div>\n")


def long_date(moment: datetime) -> str:
    """``24 November 2026``: a date no reader can misread, in UTC as git records it."""
    return f"{moment.day} {moment.strftime('%B')} {moment.year}"


def _senses_section(term: Term) -> str:
    """The "usage differs" note: each sense, who uses it, and the work where they do."""
    items = "".join(f"- **{escape(sense.by)}**: {escape(sense.meaning)} "
                    f"({_reference_link(sense.reference)})\n" for sense in term.senses)
    return ("## Usage differs\n\n"
            f'<div class="mg-senses" markdown>\n\nAuthors use *{escape(term.name)}* in '
            f"{len(term.senses)} senses:\n\n{items}\n</div>\n")


def _reference_link(reference: Reference) -> str:
    """A reference as a Markdown link, with where in the work when the entry says."""
    return f"[{escape(reference.title)}](<{reference.url}>){_locator(reference.locator)}"


def _locator(locator: str | None) -> str:
    """``, §4.2`` after a reference's title, where the entry says where in the work."""
    return f", {escape(locator)}" if locator else ""


def resolve_links(glossary: Glossary, markdown: str, from_page: str, own: Term | None = None) -> str:
    """Link the terms in editor-written Markdown to their pages: ``[[slug]]`` links and
    the first plain mention of every other term (``own``, the page's term, excepted)."""
    return link_terms(glossary, markdown, lambda slug: relative(from_page, term_page(slug)), own=own)


def link_terms(glossary: Glossary, markdown: str, target: Callable[[str], str], *, own: Term | None = None,
               mention: Callable[[str, str], str] = mention_link) -> str:
    """``markdown`` with its ``[[links]]`` resolved and first mentions linked to ``target(slug)``.

    A term linked with ``[[...]]`` is not linked again by its mentions; ``mention``
    writes a mention's link (the site marks them, the PDF does not). Raw HTML is made
    inert (:func:`.markup.inert_html`): definitions are Markdown, never markup to run.
    """
    wikilinks, mentions = glossary.links_in(markdown, own)
    edits = _wikilink_edits(wikilinks, lambda term: target(term.slug), escape)
    for found in mentions:
        edits.append((found.start, found.end, mention(markdown[found.start : found.end], target(found.slug))))
    return inert_html(splice(markdown, edits))


def wikilink_edits(glossary: Glossary, markdown: str, target: Callable[[Term], str],
                   literal: Callable[[str], str] = escape) -> tuple[list[tuple[int, int, str]], set[str]]:
    """The Markdown links that replace each ``[[...]]`` (see :func:`.markup.splice`), and the terms linked.

    ``target`` gives the address of a term's page: relative on the site, absolute in
    exports; ``literal`` escapes labels (exports escape less, to stay readable).
    """
    wikilinks = glossary.wikilinks_in(markdown)
    return _wikilink_edits(wikilinks, target, literal), {term.slug for _, term in wikilinks if term is not None}


def _wikilink_edits(wikilinks: list[tuple[WikiLink, Term | None]], target: Callable[[Term], str],
                    literal: Callable[[str], str]) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for wikilink, term in wikilinks:
        if term is None:  # validation rejects these; keep the text rather than break the page
            edits.append((wikilink.start, wikilink.end, literal(wikilink.label or wikilink.target)))
            continue
        label = wikilink.label or running_text_name(wikilink.target, term.slug, term.name)
        edits.append((wikilink.start, wikilink.end, link(label, target(term), literal)))
    return edits


#: How a term page heads each group of relations.
RELATION_HEADINGS = {"broader": "Broader terms", "narrower": "Narrower terms", "related": "Related terms"}


def _relation_sections(glossary: Glossary, term: Term, page: str, *, html_files: bool) -> Iterator[str]:
    for kind, terms in glossary.relation_groups(term):
        if terms:
            yield f"## {RELATION_HEADINGS[kind]}\n"
            yield summary_list(terms, page, html_files=html_files)


def summary_list(terms: Iterable[Term], page: str, intro: str = "", *, aliases: bool = False,
                 html_files: bool = False) -> str:
    """Terms linked with their summaries beside them, as the A–Z index, the tags page and
    a term's relations and backlinks list them; ``intro`` is a sentence before the list.

    The list is marked :data:`~.cards.SUMMARIZED`: a hover card would only repeat the
    summary printed beside the link (and cover the next items), so links here get none, a
    tap follows them at once, and the page carries no card for them. It is also kept out
    of the search index (``SEARCH_EXCLUDED``): other terms' summaries would make the page
    rank for their words. ``aliases`` adds each term's other names, hidden, for the A–Z
    filter to match (one element each, ``mg-alias``).

    It is an HTML block (``summary_list.html``, autoescaped), not a Markdown list: the A–Z
    index and the tags page list every term, and Markdown took a third of a second per
    thousand items to convert, on every preview rebuild after a summary changed; and it
    passes through Markdown unread (:func:`~.verbatim.verbatim`). Its links are therefore
    the URLs the site serves (``html_files`` for the copy read from disk), as the concept
    maps' are.
    """
    listed = list(terms)
    urls = [page_url(page, term_page(term.slug), html_files=html_files) for term in listed]
    return verbatim(render_template("summary_list.html", marks=Markup(f"{SUMMARIZED} {SEARCH_EXCLUDED}"),
                                    intro=intro, terms=listed, urls=urls, aliases=aliases))


def _term_copy_buttons(term: Term) -> str:
    """Buttons that copy the term's public URL, or a Markdown link to it; script shows them."""
    label = html.escape(term.name)
    return ('<div class="mg-copy-bar" hidden data-search-exclude>\n'
            '<button type="button" class="mg-copy" data-mg-copy="page">Copy link</button>\n'
            f'<button type="button" class="mg-copy" data-mg-copy="markdown" data-mg-label="{label}">'
            "Copy Markdown link</button>\n</div>\n")


def _quote_block(glossary: Glossary, term: Term, quote: Quote, index: int, page: str) -> str:
    """A quote with its source, the terms it mentions linked, and buttons to cite it."""
    text = quote.source.text.text
    ranges = quote.pieces
    mentions = _passage_mentions(glossary, text, ranges, exclude={term.slug})
    body = "\n\n".join(literal_with_links(text, start, end, mentions, lambda slug: relative(page, term_page(slug)))
                        for start, end in ranges)
    where = link(quote.source.title, relative(page, f"{source_page(quote.source.id)}#{quote.anchor}"))
    attribution = f"— {where}" + (f", {escape(quote.source.author)}" if quote.source.author else "")
    author = f' data-mg-author="{html.escape(quote.source.author)}"' if quote.source.author else ""
    buttons = ('<span class="mg-copy-bar" hidden data-search-exclude>'
               '<button type="button" class="mg-copy" data-mg-copy="quote-link">'
               f'Copy link</button> <button type="button" class="mg-copy" data-mg-copy="quote-markdown"{author}>'
               "Copy quote</button></span>")
    note = f"<br>\n*{escape(quote.note)}*" if quote.note else ""
    return (f'<blockquote class="mg-quote" id="quote-{index}" markdown>\n{body}\n\n'
            f"{attribution} {buttons}{note}\n{{: .mg-attribution }}\n</blockquote>\n")


def _mention_list(glossary: Glossary, term: Term, page: str) -> Iterator[str]:
    """The passages and post titles that name the term besides its quotes, each an excerpt
    linked to its place; or, where there is none, what is true instead."""
    mentions = glossary.mentions_of(term)
    if not mentions:
        if not term.quotes:
            defined = "; it is defined from the published work under References" if term.references else ""
            yield f"No passage of the source documents names this term{defined}.\n{{: .mg-no-quote }}\n"
        return
    yield "### Also mentioned in\n" if term.quotes else \
        "No passage is quoted for this term yet; these passages of the sources name it:\n{: .mg-no-quote }\n"
    items = []
    for mention in mentions[:MENTIONS_SHOWN]:
        shown = excerpt(mention)
        where = " › ".join(part for part in (mention.source.title, mention.post_title) if part)
        target = relative(page, f"{source_page(mention.source.id)}#{mention.block.anchor}")
        before = escape(shown.before) + (" " if shown.before.endswith(" ") else "")
        after = (" " if shown.after.startswith(" ") else "") + escape(shown.after)
        items.append(f"- {link(where, target)} — “{before}<mark>{escape(shown.match)}</mark>{after}”\n")
    yield f'<div class="mg-mentions" {SEARCH_EXCLUDED} markdown>\n\n' + "".join(items) + "\n</div>\n"
    rest = Counter(mention.source.id for mention in mentions[MENTIONS_SHOWN:])
    if rest:
        others = ", ".join(f"{link(glossary.sources[source_id].title, relative(page, source_page(source_id)))} "
                           f"({count})" for source_id, count in sorted(rest.items()))
        yield f"And {counted(sum(rest.values()), 'more passage')} in {others}.\n"


def _passage_mentions(glossary: Glossary, text: str, ranges: list[tuple[int, int]],
                      exclude: set[str] | None = None) -> list[Mention]:
    """The first mention of each term across ``ranges`` of a source's text, in order."""
    seen = set(exclude or ())
    found: list[Mention] = []
    for start, end in ranges:
        for mention in glossary.matcher.mentions(text[start:end], exclude=seen):
            seen.add(mention.slug)
            found.append(Mention(start + mention.start, start + mention.end, mention.slug))
    return found


def render_source(glossary: Glossary, source: Source) -> str:
    page = source_page(source.id)
    parts = [front_matter(title=html.escape(source.title), description=source.description),
             f"# {escape(source.title)}\n"]
    about = source_facts(glossary, source)
    facts = [about.holds]
    if about.author:
        facts.append(f"by {escape(about.author)}")
    facts.append(counted(about.quoted_passages, "quoted passage"))
    parts.append(" · ".join(facts) + "\n{: .mg-source-facts }\n")
    if source.description:
        parts.append(escape(source.description) + "\n")
    by_block = glossary.quotes_by_block(source)
    for block in source.text.blocks:
        if block.kind == "title":
            parts.append(f"## {escape(block.display_text)} {{ #{block.anchor} }}\n")
            post = source.post(block)
            if post:
                byline = f" by {escape(post.author)}" if post.author else ""
                parts.append(f"[Original post](<{post.url}>){byline}\n{{: .mg-post-origin }}\n")
        else:
            parts.append(_passage(glossary, source, block, by_block.get(block.anchor, []), page))
    return "\n".join(parts)


def _passage(glossary: Glossary, source: Source, block: Block, quotes: list[tuple[Term, Quote]], page: str) -> str:
    """A passage with its term mentions linked, every quoted span marked and followed by
    links to the terms that quote it, and a button to copy a link to it."""
    text = source.text.text
    mentions = _passage_mentions(glossary, text, [(block.start, block.end)])
    quoting = {id(quote): term for term, quote in quotes}
    pieces: list[str] = []
    for start, end, covering in quoted_segments(block, (quote for _, quote in quotes)):
        segment = literal_with_links(text, start, end, mentions, lambda slug: relative(page, term_page(slug)))
        pieces.append(f'<mark class="mg-quoted">{segment}</mark>' if covering else segment)
        ending = [quoting[id(quote)] for quote in covering if quote.span.end == end]
        if ending:
            links = ", ".join(link(term.name, relative(page, term_page(term.slug))) for term in ending)
            pieces.append(f' <span class="mg-quoted-by">(quoted in {links})</span>')
    if quotes:
        pieces.append(' <button type="button" class="mg-copy mg-copy-passage" data-mg-copy="passage" hidden '
                      'data-search-exclude>Copy link</button>')
    classes = ".mg-passage .mg-has-quote" if quotes else ".mg-passage"
    return "".join(pieces) + f"\n{{: #{block.anchor} {classes} }}\n"


#: How many colours the concept maps give tag families (the stylesheet defines mg-tc0 to mg-tc7).
TAG_COLOURS = 8


def tag_colour_class(glossary: Glossary, tag: str) -> str:
    """The map colour of a tag family: by the tag's place among the glossary's tags, so a
    family keeps its colour from map to map and in the legend."""
    order = sorted(glossary.tags) or sorted({tag for term in glossary.terms.values() for tag in term.tags})
    return f"mg-tc{order.index(tag) % TAG_COLOURS}" if tag in order else "mg-tc0"


def terms_by_tag(glossary: Glossary) -> dict[str, list[Term]]:
    """Each tag's terms in name order, tags in alphabetical order."""
    by_tag: dict[str, list[Term]] = defaultdict(list)
    for term in glossary.sorted_terms():
        for tag in term.tags:
            by_tag[tag].append(term)
    return {tag: by_tag[tag] for tag in sorted(by_tag)}


def render_terms_index(glossary: Glossary, *, html_files: bool = False) -> str:
    """The A–Z index of every term, with a filter box (shown by the site's script) and letter links."""
    page = TERMS_INDEX_PAGE
    groups = letter_groups(glossary.sorted_terms(), lambda term: term.name)
    letters = [letter for letter, _ in groups]
    anchor = {letter: f"letter-{letter.lower() if letter != OTHER else 'other'}" for letter in letters}
    count = len(glossary.terms)
    parts = [front_matter(title="A–Z index", description=f"All {count} terms of the glossary, from A to Z."),
             "# A–Z index\n",
             f"All {count} terms, with their one-line summaries; the {link('concept map', relative(page, MAP_PAGE))} "
             "shows how they relate.\n",
             '<div class="mg-filter" hidden data-search-exclude>\n<label for="mg-filter-input">Filter terms</label>\n'
             '<input type="search" id="mg-filter-input" autocomplete="off" spellcheck="false" '
             'placeholder="Name, alias or words of the summary" aria-controls="mg-az">\n'
             '<p class="mg-filter-status" role="status" aria-live="polite"></p>\n</div>\n',
             '<nav class="mg-letters" aria-label="Letters" markdown>\n'
             + " ".join(f"[{escape(letter)}](#{anchor[letter]})" for letter in letters) + "\n</nav>\n",
             '<div id="mg-az" class="mg-az" markdown>\n']
    for letter, terms in groups:
        parts.append(f'<section class="mg-letter" markdown>\n\n## {escape(letter)} {{ #{anchor[letter]} }}\n')
        parts.append(summary_list(terms, page, aliases=True, html_files=html_files))
        parts.append("</section>\n")
    parts.append('</div>\n\n<p class="mg-filter-empty" hidden>No term matches the filter.</p>\n')
    return "\n".join(parts)


def render_map_page(glossary: Glossary, maps: Mapping[str, str]) -> str:
    """The concept map of every term, or one per tag family when the glossary is large."""
    # Material reads ``hide`` to give the map the whole width; other engines ignore it.
    parts = [front_matter(title="Concept map", description="How the terms of the glossary relate.",
                          hide=["navigation", "toc"]),
             "# Concept map\n"]
    families = terms_by_tag(glossary) if FULL_MAP_KEY not in maps else {}
    if FULL_MAP_KEY in maps or any(family_map_key(tag) in maps for tag in families):
        parts.append("Every term and how it relates to the others. An arrow runs from a broader term to a narrower "
                     "one; a dashed line joins related terms. Every box links to its term; its colour is its "
                     "family's.\n{: .mg-map-legend }\n")
        # Shown only on a phone, where a whole map's labels shrink below reading size.
        parts.append(f"On a screen this narrow the map's labels are too small to read: the "
                     f"{link('A–Z index', relative(MAP_PAGE, TERMS_INDEX_PAGE))} and the "
                     f"{link('families of terms', relative(MAP_PAGE, TAGS_PAGE))} list every term, and each term's "
                     "page lists the terms around it. "
                     '<button type="button" class="mg-map-show" hidden>Show the map anyway</button>\n'
                     "{: .mg-map-small-note }\n")
    else:
        parts.append("Every family of terms is too large for one readable map: each term's page maps the terms "
                     "around it.\n{: .mg-map-legend }\n")
    if FULL_MAP_KEY in maps:
        parts.append(_map_figure(maps[FULL_MAP_KEY], "mg-map-full", f"All {len(glossary.terms)} terms.",
                                 _map_tools(glossary, "map", glossary.sorted_terms())))
    for tag, terms in families.items():
        parts.append(f"## {escape(tag)} {{ #{tag_anchor(tag)} }}\n")
        family_list = link(f"the {tag} family", relative(MAP_PAGE, f"{TAGS_PAGE}#{tag_anchor(tag)}"))
        if family_map_key(tag) in maps:
            parts.append(_map_figure(maps[family_map_key(tag)], "mg-map-full",
                                     f"The {len(terms)} terms of {family_list}.", _map_tools(glossary, tag, terms)))
        else:  # too many for one readable map (conceptmap.FULL_MAP_LIMIT)
            parts.append(f"The {len(terms):,} terms of {family_list} are too many for one readable map: "
                         "each term's page maps the terms around it.\n{: .mg-map-too-large }\n")
    return "\n".join(parts)


def family_map_key(tag: str) -> str:
    return f"map/{tag}"


def _map_figure(svg: str, kind: str, caption: str, tools: str = "") -> str:
    """An inline SVG map in a scrollable figure; ``caption`` is Markdown.

    The scrolling box takes keyboard focus, so it can be scrolled with the arrow keys.
    ``tools`` (a whole map's) are shown by the site's script, which makes the map
    explorable (assets/site/javascripts/glossary-map.js); without it the map still reads.
    """
    # Relative to the site's script, which loads them: the same from any page, hosted or on disk.
    scripts = " ".join(relative_path(script, posixpath.dirname(SITE_SCRIPT)) for script in MAP_SCRIPTS) if tools else ""
    loader = f' data-mg-scripts="{scripts}"' if scripts else ""
    return (f'<figure class="mg-map {kind}"{loader} markdown>\n{tools}'
            '<div class="mg-map-scroll" tabindex="0" role="region" aria-label="Concept map, scrollable">\n'
            f"{svg}\n</div>\n<figcaption markdown>{caption}</figcaption>\n</figure>\n")


def _map_tools(glossary: Glossary, key: str, terms: Iterable[Term]) -> str:
    """Zoom buttons, "Find a term" and the families' colours (ticked boxes that filter).

    The colour key reads without script; the script shows the rest and enables the boxes.
    """
    tags = sorted({tag for term in terms for tag in term.tags})
    families = "".join(
        f'<li><label class="{tag_colour_class(glossary, tag)}"><input type="checkbox" data-mg-tag="{tag}" checked '
        f'disabled><span class="mg-swatch"></span>{html.escape(tag)}</label></li>' for tag in tags)
    return (f'<div class="mg-map-tools" data-search-exclude>\n'
            f'<div class="mg-map-controls" hidden>'
            f'<label for="mg-map-find-{key}">Find a term</label> '
            f'<input type="search" id="mg-map-find-{key}" list="mg-map-names-{key}" autocomplete="off" '
            f'placeholder="Name or alias">'
            f'<datalist id="mg-map-names-{key}"></datalist> '
            '<button type="button" data-mg-zoom="in" aria-label="Zoom in">+</button>'
            '<button type="button" data-mg-zoom="out" aria-label="Zoom out">−</button>'
            '<button type="button" data-mg-zoom="fit">Fit</button>'
            '<span class="mg-map-status" role="status" aria-live="polite"></span></div>\n'
            f'<ul class="mg-map-families" aria-label="Families of terms">{families}</ul>\n</div>\n')


def render_tags(glossary: Glossary, *, html_files: bool = False) -> str:
    parts = [front_matter(title="Tags"), "# Tags\n", "Every term belongs to one or more families.\n"]
    for tag, terms in terms_by_tag(glossary).items():
        parts.append(f"## {escape(tag)} {{ #{tag_anchor(tag)} }}\n")
        if glossary.tags.get(tag):
            parts.append(f"{escape(glossary.tags[tag])}\n{{: .mg-tag-description }}\n")
        parts.append(summary_list(terms, TAGS_PAGE, html_files=html_files))
    return "\n".join(parts)


def render_sources_index(glossary: Glossary) -> str:
    parts = [front_matter(title="Sources"), "# Sources\n",
             "Every quote in the glossary is checked, word for word, against these documents.\n"]
    for source in glossary.sorted_sources():
        count = source_facts(glossary, source).quoted_passages
        byline = f" by {escape(source.author)}" if source.author else ""
        summary = f" {escape(source.description)}" if source.description else ""
        parts.append(f"- {link(source.title, relative(SOURCES_PAGE, source_page(source.id)))}{byline}: "
                     f"{counted(count, 'quoted passage')}.{summary}\n")
    return "\n".join(parts)
