"""Step three: render the validated glossary as plain Markdown pages.

The renderers know nothing about MkDocs. They produce standard Markdown plus the
``attr_list``, ``toc`` and ``pymdownx.escapeall`` extensions, which MkDocs, its fork
ProperDocs and Zensical all read, so the site can move without a rewrite; the engine's
own extension (:mod:`.verbatim`) only makes it faster to convert.
"""
