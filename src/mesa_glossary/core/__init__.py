"""The bottom layer: the checked glossary model, the URL layout and what every layer shares.

Nothing here imports another layer of the package. :mod:`.urls` owns every published
path and the slug rule; :mod:`.model` is the glossary the renderers see; :mod:`.sources`
finds quotes in the source texts; :mod:`.matcher` finds mentions of terms in text;
:mod:`.markdown_text` reads Markdown (code, links, ``[[wikilinks]]``); :mod:`.files`
reads inputs and replaces files safely; :mod:`.diagnostics` reports problems as
``path:line:col: error: message``; :mod:`.project` says where a project's parts live.
"""
