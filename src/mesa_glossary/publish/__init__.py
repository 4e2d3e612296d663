"""Publishing: the files of a build, assembled, checked and written.

:mod:`.tree` assembles the docs tree (hand-written pages, rendered pages, exports, the
engine's assets and the "Link to this glossary" page, which runs the author tools over
sample text); :mod:`.manifest` keeps every published URL alive; :mod:`.staging` writes
outputs without ever losing someone's files; :mod:`.pdf` lays out the book,
:mod:`.search` indexes the built site with Pagefind and :mod:`.offline` zips the copy
read from disk.
"""
