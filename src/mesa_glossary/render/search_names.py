"""The names index: every term's name and aliases, for the search box to match exactly.

Pagefind ranks pages by the words they contain, so a term's own page can lose to a page
that repeats its name more often ("inner optimizer" finds Inner alignment first). The
search worker (``assets/site/javascripts/search-worker.js``) therefore looks a query up
in this index first: an exact name, a name it begins, or a name one or two typos away
puts that term at the top, before Pagefind's results.

Names are compared by :func:`search_key`; the worker computes the same key for what is
typed, so the two definitions must agree (a browser test checks every name).
"""

from __future__ import annotations

import json
import re

from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import term_path

#: What a search key drops: everything but letters and digits ("Mesa-Optimiser" ~ "mesa optimiser").
_NOT_ALNUM = re.compile(r"[\W_]+")


def search_key(name: str) -> str:
    """The form in which a typed query and a name are compared: lower case, letters and digits.

    Lower case rather than :meth:`str.casefold`, because the browser's
    ``toLowerCase`` is what the worker has: the two agree on every character, casefold
    does not (``ß``).
    """
    return _NOT_ALNUM.sub("", name.lower())


def names_index(glossary: Glossary) -> str:
    """The index as compact JSON: ``terms`` as ``[title, path, short]`` and ``names`` as
    ``[key, term, name]``, where ``term`` is a position in ``terms``."""
    terms: list[list[str]] = []
    names: list[list[str | int]] = []
    for position, term in enumerate(glossary.sorted_terms()):
        terms.append([term.name, term_path(term.slug), term.short])
        for name in term.names:
            key = search_key(name)
            if key:
                names.append([key, position, name])
    return json.dumps({"terms": terms, "names": names}, ensure_ascii=False, separators=(",", ":")) + "\n"
