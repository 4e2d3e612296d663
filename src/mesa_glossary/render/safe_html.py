"""The last step for every piece of HTML made from glossary text: an allow-list sanitiser,
and an audit of every page's content for anything that would run or load.

Definitions are Markdown written by editors, and :mod:`mesa_glossary.definition_policy`
refuses at ``check`` what could run or load anything. That check reads Markdown, and
Markdown has many ways to write one thing; so the HTML a definition becomes is cleaned
as well, with `nh3` (the Rust sanitiser ``ammonia``): only the elements and attributes
Markdown makes for text and links survive, links only to web, mail, anchor and relative
addresses, and no element that loads anything (``img``, ``iframe``, ``style``). What the
check lets through is unchanged by it; anything else is removed.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import nh3

from mesa_glossary.load import schema

#: What Markdown (with tables, admonitions, code fences and a table of contents) makes.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "s", "del", "ins", "mark", "sub", "sup", "small", "abbr",
    "code", "pre", "kbd", "samp", "var", "a", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "div", "span", "details", "summary",
})
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    "ol": {"start"},
}


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """Drop ids that could stand in for the theme's own (``__config``, ``__search``): an
    element with such an id, earlier in the page, would be found instead of the theme's."""
    if attribute == "id" and value.startswith("_"):
        return None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(schema.SAFE_LINK_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,  # the links are the site's own; nothing to add to them
        strip_comments=True,
    )


def clean(html: str) -> str:
    """``html`` with everything outside the allow-list removed."""
    return _cleaner().clean(html)


#: Elements that run, embed or redirect: no page of the site has them in its content.
_FORBIDDEN_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
                                 "link", "portal"})
#: Attributes whose value is an address the browser fetches or follows.
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "data", "poster", "background",
                             "xlink:href", "ping", "cite", "longdesc", "manifest"})
#: Of those, the ones that load something as soon as the page is shown (not on a click).
_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "data", "poster", "background"})
#: Elements whose ``href`` loads rather than navigates (SVG images and uses, stylesheets).
_LOADING_HREF_ELEMENTS = frozenset({"image", "use", "feimage", "link", "script"})
_ABSOLUTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
_CSS_URL = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)
#: A script of this type is a data block, which browsers never run: every page carries its
#: hover cards in one (render/cards.py).
DATA_SCRIPT_TYPE = "application/json"
#: A cheap look for anything :func:`dangers` could report; most pages have none of it.
#: A link's address passes when it starts as only a safe one can: a web or mail link, an
#: anchor, a query, a path (``./``, ``/``) or a word ended by ``/#?`` or the value's end
#: (no scheme, and nothing a browser drops from addresses, as tabs, to make one). The
#: quote and spaces before it are taken whole (possessive): the look must not start at
#: the quote instead, which every address fails.
_SUSPECT = re.compile(
    rf"<(?:script(?!\s+type=\"{re.escape(DATA_SCRIPT_TYPE)}\"[\s>])|iframe|frame|object|embed|applet|base|meta"
    r"|link|portal|style|image|use|feimage)\b"
    r"|\s(?:on[a-z]+|src|srcset|data|poster|background|action|formaction|ping|style)\s*="
    r"|href\s*=\s*+[\"']?+\s*+(?!https?://|mailto:|[#./?]|[\w-]+(?:[/#?\"'>]|$))|url\s*\(",
    re.IGNORECASE)


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data_block = tag == "script" and (dict(attrs).get("type") or "").strip().lower() == DATA_SCRIPT_TYPE
        if tag in _FORBIDDEN_ELEMENTS and not data_block:
            self.found.append((f"<{tag}", f"a <{tag}> element runs, embeds or redirects"))
        self._in_style = tag == "style"
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.found.append((name, f"the event handler attribute '{name}' would run script"))
        elif name in _URL_ATTRIBUTES and not schema.is_safe_link(value):
            self.found.append((value, f"the address '{value[:60]}' in '{name}' would run script or load data"))
        elif (name in _LOADING_ATTRIBUTES or (name in ("href", "xlink:href") and tag in _LOADING_HREF_ELEMENTS)) \
                and _ABSOLUTE.match(value):
            self.found.append((value, f"'{name}' would load '{value[:60]}' from another host; keep files in docs/ "
                                      "and link them relatively"))
        elif name == "style" and _CSS_URL.search(value):
            self.found.append((value, "a style attribute that loads or computes something (url(), @import)"))

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_URL.search(data):
            self.found.append(("<style", "a <style> element that loads something (url(), @import)"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False


def dangers(html: str) -> list[tuple[str, str]]:
    """What in a page's content would run script or load anything from another host:
    ``(text that shows it, why)``, in order. The site's own scripts come from the theme,
    never from a page's content, so any of this in content is glossary text gone wrong."""
    if not _SUSPECT.search(html):
        return []
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.found
