"""The MkDocs plugin (``plugins: [mesa-glossary]``) and the runner the command line uses.

:mod:`.config` declares the plugin's options, :mod:`.plugin` its event hooks, each of
which hands its work to the layers below; :mod:`.engine` runs MkDocs' build and preview
for ``mesa-glossary build`` and ``serve``. Only this package imports MkDocs.
"""
