"""What changed in the glossary: the "Recent changes" page and its Atom feed.

Both come from the commits that added or changed term files (:mod:`mesa_glossary.load.history`),
newest first. A build outside git has no history: the page says so and the feed is
empty, rather than either inventing dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree import ElementTree

from mesa_glossary.core.model import Change, Glossary
from mesa_glossary.core.urls import CHANGES_PAGE, FEED_FILE, absolute, page_path, term_page, term_path
from mesa_glossary.render.markup import front_matter, link
from mesa_glossary.render.pages import relative

#: How many commits the page lists, and how many term changes the feed carries.
PAGE_COMMITS = 100
FEED_ENTRIES = 200
ATOM = "http://www.w3.org/2005/Atom"
#: The feed's date when there is no history: fixed, so that builds stay reproducible.
NO_HISTORY = datetime(1970, 1, 1, tzinfo=UTC)


def render_changes(glossary: Glossary) -> str:
    """The page: each day's added and changed terms, newest first, and the feed's address."""
    page = CHANGES_PAGE
    parts = [front_matter(title="Recent changes", description=f"What changed in {glossary.site.title}, newest first."),
             "# Recent changes\n",
             f"Terms added and changed, newest first; each term's page gives its own dates. Subscribe with the "
             f"{link('Atom feed', relative(page, FEED_FILE))} in any feed reader.\n"]
    if not glossary.changes:
        parts.append("This copy of the glossary was built without its history, so it cannot say what changed when.\n")
        return "\n".join(parts)
    for day, added, changed in _days(glossary.changes[:PAGE_COMMITS]):
        parts.append(f"## {day.day} {day.strftime('%B')} {day.year}\n")
        for label, slugs in (("Added", added), ("Changed", changed)):
            if slugs:
                names = ", ".join(link(glossary.terms[slug].name, relative(page, term_page(slug))) for slug in slugs)
                parts.append(f"- {label}: {names}\n")
    return "\n".join(parts)


def _days(changes: list[Change]) -> Iterator[tuple[datetime, list[str], list[str]]]:
    """The changes grouped by day (UTC): a term added and changed the same day is added."""
    days: dict[datetime, tuple[dict[str, None], dict[str, None]]] = {}
    for change in changes:  # newest first; dicts keep that order and drop repeats
        added, changed = days.setdefault(change.date.replace(hour=0, minute=0, second=0, microsecond=0), ({}, {}))
        added.update(dict.fromkeys(change.added))
        changed.update(dict.fromkeys(change.changed))
    for day, (added, changed) in days.items():
        yield day, list(added), [slug for slug in changed if slug not in added]


def atom_feed(glossary: Glossary) -> str:
    """The Atom feed: one entry per term added or changed, newest first."""
    site = glossary.site
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", f"{site.title}: recent changes")
    _text(feed, "id", absolute(site, FEED_FILE))
    _text(feed, "updated", (glossary.changes[0].date if glossary.changes else NO_HISTORY).isoformat())
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=absolute(site, FEED_FILE))
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=absolute(site, page_path(CHANGES_PAGE)))
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.publisher or site.title)
    entries = ((change, kind, slug) for change in glossary.changes
               for kind, slugs in (("Added", change.added), ("Changed", change.changed)) for slug in slugs)
    for count, (change, kind, slug) in enumerate(entries):
        if count == FEED_ENTRIES:
            break
        term = glossary.terms[slug]
        address = absolute(site, term_path(slug))
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", f"{kind}: {term.name}")
        _text(entry, "id", f"{address}#change-{change.commit[:12]}")
        _text(entry, "updated", change.date.isoformat())
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=address)
        _text(entry, "summary", term.short)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text

