"""The author tools: link glossary terms from someone else's Markdown.

They read a published glossary (``glossary.json`` by URL or file) or a local project,
as a :class:`.catalog.Catalog`; :mod:`.linker` is the ``link`` command and
:mod:`.markdown_extension` the Python-Markdown extension (``[[term]]``). They sit beside
the renderers and never import them: what both need to read Markdown is in
:mod:`mesa_glossary.core.markdown_text`.
"""
