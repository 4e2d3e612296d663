"""The Jinja2 templates of the HTML the renderers write whole (alias redirects, lists of terms, the book).

Autoescaping is on for every template: a value from the glossary reaches the HTML as text
unless a renderer hands it over as :class:`markupsafe.Markup` (HTML it made itself, from
escaped parts or through the sanitiser). A name a template does not know is an error,
not an empty string.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2

from mesa_glossary.assets import TEMPLATES_DIR


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_template(name: str, **context: Any) -> str:
    """The template ``name`` (in ``assets/templates/``) filled with ``context``."""
    return _environment().get_template(name).render(**context)
