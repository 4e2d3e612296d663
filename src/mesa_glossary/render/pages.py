"""Markdown for every generated page: terms, sources, the A–Z index and tags.

Pages link each other by relative ``.md`` paths, which MkDocs checks in strict mode
and turns into directory URLs (``/terms/<slug>/``).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator

from ..model import Glossary, Quote, Source, Term
from ..sources import Block
from ..wikilinks import WikiLink, replace_wikilinks
from .markup import escape, escape_lines, front_matter, link, tag_anchor

INDEX_PAGE = "index.md"
TAGS_PAGE = "tags.md"
SOURCES_PAGE = "sources/index.md"


def term_page(slug: str) -> str:
    return f"terms/{slug}.md"


def source_page(source_id: str) -> str:
    return f"sources/{source_id}.md"


def relative(from_page: str, to_page: str) -> str:
    """The relative link from one page's file to another's (with an optional ``#anchor``)."""
    target, _, anchor = to_page.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return f"{path}#{anchor}" if anchor else path


def render_pages(glossary: Glossary, home_intro: str) -> dict[str, str]:
    """Every generated page, by its path in the docs tree."""
    pages = {term_page(term.slug): render_term(glossary, term) for term in glossary.terms.values()}
    pages.update({source_page(source.id): render_source(glossary, source) for source in glossary.sources.values()})
    pages[INDEX_PAGE] = render_index(glossary, home_intro)
    pages[TAGS_PAGE] = render_tags(glossary)
    pages[SOURCES_PAGE] = render_sources_index(glossary)
    return pages


def render_term(glossary: Glossary, term: Term) -> str:
    page = term_page(term.slug)
    parts = [front_matter(title=term.name, description=term.short), f"# {escape(term.name)}\n"]
    if term.aliases:
        parts.append("Also called " + ", ".join(f"*{escape(alias)}*" for alias in term.aliases) + "\n{: .mg-aliases }\n")
    parts.append(f"**{escape(term.short)}**\n{{: .mg-short }}\n")
    parts.append(resolve_links(glossary, term.definition, page))
    parts.append(" ".join(link(tag, relative(page, f"{TAGS_PAGE}#{tag_anchor(tag)}")) + "{ .mg-tag }"
                          for tag in term.tags) + "\n{: .mg-tags }\n")
    parts.extend(_relation_sections(glossary, term, page))
    parts.append("## In the sources\n")
    if term.quotes:
        parts.extend(_quote_block(quote, index, page) for index, quote in enumerate(term.quotes, start=1))
    else:
        cited = "; it belongs to the same framework and is defined from the published work below" \
            if term.references else ""
        parts.append(f"No passage of the source documents uses this term{cited}.\n{{: .mg-no-quote }}\n")
    if term.references:
        parts.append("## References\n")
        parts.append("".join(f"- [{escape(ref.title)}](<{ref.url}>)\n" for ref in term.references))
    return "\n".join(parts)


def resolve_links(glossary: Glossary, markdown: str, from_page: str) -> str:
    """Turn ``[[slug]]`` and ``[[slug|label]]`` into links to the term pages."""

    def to_link(wikilink: WikiLink) -> str:
        target = glossary.lookup(wikilink.target)
        if target is None:  # validation rejects these; keep the text rather than break the page
            return escape(wikilink.label or wikilink.target)
        return link(wikilink.label or _running_text_name(wikilink.target, target),
                    relative(from_page, term_page(target.slug)))

    return replace_wikilinks(markdown, to_link)


def _running_text_name(written: str, term: Term) -> str:
    """How a link reads mid-sentence: a name as written, or the term's name for a slug.

    "Base optimizer" becomes "base optimizer", but "ELK" or "SGD" keep their capitals.
    """
    if written != term.slug:
        return written
    name = term.name
    return name[0].lower() + name[1:] if name[:2].istitle() and not name.split()[0][1:].isupper() else name


def _relation_sections(glossary: Glossary, term: Term, page: str) -> Iterator[str]:
    sections = (
        ("Broader terms", [glossary.terms[slug] for slug in term.broader]),
        ("Narrower terms", [glossary.terms[slug] for slug in term.narrower]),
        ("Related terms", [other for other in glossary.related_to(term)
                           if other.slug not in term.broader and other.slug not in term.narrower]),
    )
    for heading, terms in sections:
        if terms:
            yield f"## {heading}\n"
            yield "".join(f"- {link(other.name, relative(page, term_page(other.slug)))}: {escape(other.short)}\n"
                          for other in terms)


def _quote_block(quote: Quote, index: int, page: str) -> str:
    body = "\n\n".join(escape_lines(paragraph) for paragraph in _quoted_paragraphs(quote))
    where = link(quote.source.title, relative(page, f"{source_page(quote.source.id)}#{quote.anchor}"))
    attribution = f"— {where}" + (f", {escape(quote.source.author)}" if quote.source.author else "")
    note = f"<br>\n*{escape(quote.note)}*" if quote.note else ""
    return (f'<blockquote class="mg-quote" id="quote-{index}" markdown>\n{body}\n\n'
            f"{attribution}{note}\n{{: .mg-attribution }}\n</blockquote>\n")


def _quoted_paragraphs(quote: Quote) -> list[str]:
    """The quote's own characters, split where it crosses from one passage to the next."""
    paragraphs = []
    for block in quote.blocks:
        start = max(block.start, quote.span.start)
        end = min(block.end, quote.span.end)
        paragraphs.append(quote.source.text.text[start:end])
    return paragraphs


def render_source(glossary: Glossary, source: Source) -> str:
    page = source_page(source.id)
    quotes = glossary.quotes_from(source)
    parts = [front_matter(title=source.title, description=source.description), f"# {escape(source.title)}\n"]
    facts = [f"Source document `{source.path.name}`"]
    if source.author:
        facts.append(f"by {escape(source.author)}")
    facts.append(f"{len(quotes)} quoted passage{'s' if len(quotes) != 1 else ''}")
    parts.append(" · ".join(facts) + "\n{: .mg-source-facts }\n")
    if source.description:
        parts.append(escape(source.description) + "\n")
    by_block: dict[str, list[tuple[Term, Quote]]] = defaultdict(list)
    for term, quote in quotes:
        for block in quote.blocks:
            by_block[block.anchor].append((term, quote))
    for block in source.text.blocks:
        if block.kind == "title":
            parts.append(f"## {escape(block.display_text)} {{ #{block.anchor} }}\n")
        else:
            parts.append(_passage(source, block, by_block.get(block.anchor, []), page))
    return "\n".join(parts)


def _passage(source: Source, block: Block, quotes: list[tuple[Term, Quote]], page: str) -> str:
    """A passage with every quoted span marked and followed by links to its terms."""
    text = source.text.text
    cuts = {block.start, block.end}
    for _, quote in quotes:
        cuts.update(position for position in (quote.span.start, quote.span.end) if block.start < position < block.end)
    ordered = sorted(cuts)
    pieces: list[str] = []
    for start, end in zip(ordered, ordered[1:]):
        covering = [pair for pair in quotes if pair[1].span.start <= start and end <= pair[1].span.end]
        segment = escape_lines(text[start:end])
        pieces.append(f'<mark class="mg-quoted">{segment}</mark>' if covering else segment)
        ending = [term for term, quote in quotes if quote.span.end == end]
        if ending:
            links = ", ".join(link(term.name, relative(page, term_page(term.slug))) for term in ending)
            pieces.append(f' <span class="mg-quoted-by">({links})</span>')
    classes = ".mg-passage .mg-has-quote" if quotes else ".mg-passage"
    return "".join(pieces) + f"\n{{: #{block.anchor} {classes} }}\n"


def render_index(glossary: Glossary, intro: str) -> str:
    """The home page: the hand-written introduction, then an A–Z index of every term."""
    groups: dict[str, list[Term]] = defaultdict(list)
    for term in glossary.sorted_terms():
        initial = term.name[:1].upper()
        groups[initial if initial.isalpha() else "#"].append(term)
    letters = sorted(groups, key=lambda letter: (letter == "#", letter))
    anchor = {letter: f"letter-{letter.lower() if letter != '#' else 'other'}" for letter in letters}
    parts = [intro.rstrip() + "\n", "## A–Z index\n",
             " · ".join(f"[{escape(letter)}](#{anchor[letter]})" for letter in letters) + "\n{: .mg-letters }\n"]
    for letter in letters:
        parts.append(f"### {escape(letter)} {{ #{anchor[letter]} }}\n")
        parts.append("".join(f"- {link(term.name, term_page(term.slug))}: {escape(term.short)}\n"
                             for term in groups[letter]))
    return "\n".join(parts)


def render_tags(glossary: Glossary) -> str:
    by_tag: dict[str, list[Term]] = defaultdict(list)
    for term in glossary.sorted_terms():
        for tag in term.tags:
            by_tag[tag].append(term)
    parts = [front_matter(title="Tags"), "# Tags\n", "Every term belongs to one or more families.\n"]
    for tag in sorted(by_tag):
        parts.append(f"## {escape(tag)} {{ #{tag_anchor(tag)} }}\n")
        parts.append("".join(f"- {link(term.name, relative(TAGS_PAGE, term_page(term.slug)))}: {escape(term.short)}\n"
                             for term in by_tag[tag]))
    return "\n".join(parts)


def render_sources_index(glossary: Glossary) -> str:
    parts = [front_matter(title="Sources"), "# Sources\n",
             "Every quote in the glossary is checked, word for word, against these documents.\n"]
    for source in sorted(glossary.sources.values(), key=lambda s: s.title.casefold()):
        count = len(glossary.quotes_from(source))
        byline = f" by {escape(source.author)}" if source.author else ""
        summary = f" {escape(source.description)}" if source.description else ""
        parts.append(f"- {link(source.title, relative(SOURCES_PAGE, source_page(source.id)))}{byline}: "
                     f"{count} quoted passage{'s' if count != 1 else ''}.{summary}\n")
    return "\n".join(parts)
