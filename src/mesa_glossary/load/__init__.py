"""Input: a project's YAML files read, shaped and checked against each other and the sources.

:mod:`.yamldoc` loads YAML safely with positions, :mod:`.schema` declares the fields
(and writes the JSON Schema files), :mod:`.entries` reads each file into entries,
:mod:`.validate` checks them together (names, links, relations, quotes against
``seeds/``, what a definition may contain: :mod:`.definition_policy`) and builds the
:class:`~mesa_glossary.core.model.Glossary`; :mod:`.quality` holds the editorial
warnings of ``check --strict``.
"""
