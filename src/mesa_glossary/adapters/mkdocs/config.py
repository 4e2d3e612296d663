"""The plugin's options in ``mkdocs.yml``, typed, each with what it is for.

.. code-block:: yaml

    plugins:
      - search
      - mesa-glossary:
          project: .
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class GlossaryConfig(base.Config):
    """``plugins: - mesa-glossary: {...}``."""

    project = c.Type(str, default=".")
    """The glossary project (the folder with ``glossary/`` and ``seeds/``), relative to
    ``mkdocs.yml``. Its ``glossary/site.yaml`` sets the site's name, address and description."""

    pagefind = c.Type(bool, default=True)
    """Answer the search box with Pagefind, which loads its index in small pieces, instead of
    Material's search, which downloads the text of every page on every page load. The copy
    read from disk (Material's ``offline`` plugin enabled) always keeps Material's search:
    pages opened from ``file://`` cannot fetch Pagefind's pieces."""
