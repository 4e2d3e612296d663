"""The shape of term and source files, written once.

The same declarations check loaded YAML (with positions, for ``path:line:col`` errors)
and are published as JSON Schema for editors, so the two can never drift apart.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mesa_glossary.core.diagnostics import Diagnostic, did_you_mean
from mesa_glossary.core.urls import (
    SITE_SCHEMA_FILE,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    SOURCES_SCHEMA_FILE,
    TAGS_SCHEMA_FILE,
    TERM_SCHEMA_FILE,
    slugify,
)
from mesa_glossary.load.yamldoc import YamlDocument, YamlPath

URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
#: Addresses that end in a folder ("/"), without the characters that would end an HTML
#: attribute or a Markdown link. No backslash before the quote: published as JSON Schema,
#: the pattern must also be an ECMA-262 regular expression with the "u" flag (Ajv's), where
#: "\"" is an invalid escape.
SITE_URL_PATTERN = "^https?://[^\\s/$.?#\"'<>`][^\\s\"'<>`]*/$"
FOLDER_URL_PATTERN = "^https?://[^\\s\"'<>`]+/$"
SHORT_MAX_LENGTH = 200
#: Limits far above any real value. Each guards a later step: a name becomes an address
#: (a file name, at most 255 bytes), a slug a file and a URL, and every one is shown.
NAME_MAX_LENGTH = 120
LINE_MAX_LENGTH = 500
URL_MAX_LENGTH = 2000
#: What no one-line text may hold: control characters (a NUL, a terminal escape) and the
#: Unicode line and paragraph separators, which would break a line where none is seen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
#: The schemes a link in glossary text may use; any other (``javascript:``, ``data:``) could run.
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: A link target's scheme, when it has one (``#anchor`` and relative paths have none).
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: What a browser ignores in a URL (controls, spaces) and a Markdown backslash escape.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def is_safe_link(target: str) -> bool:
    """Whether a link target may stay: a safe scheme, or none (anchors, relative paths).

    The target is read as a browser would read it after Markdown and HTML are done with
    it: backslash escapes and character references decoded (``javascript&#58;``,
    ``javascript\\:``) and the controls and spaces a browser skips dropped.
    """
    decoded = _IGNORED_IN_URL.sub("", html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", target)))
    scheme = _SCHEME.match(decoded)
    return scheme is None or scheme.group(1).casefold() in SAFE_LINK_SCHEMES


@dataclass(frozen=True)
class Text:
    """A string, optionally single-line, limited in length or matched by a pattern."""

    description: str
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int | None = None
    single_line: bool = False

    @functools.cached_property
    def problem_in(self) -> _TextCheck:
        """What is wrong with a value as this text, compiled on first use and kept with the spec."""
        return _compile_text(self)

    @functools.cached_property
    def checker(self) -> _Check:
        """This spec's check of a value at a path, compiled on first use and kept with the spec."""
        return _compile_text_check(self)


@dataclass(frozen=True)
class ListOf:
    """A list of one kind of item."""

    item: Spec
    description: str
    min_items: int = 0
    unique: bool = False

    @functools.cached_property
    def checker(self) -> _Check:
        """This spec's check of a value at a path, compiled on first use and kept with the spec."""
        return _compile_list(self)


@dataclass(frozen=True)
class Field:
    """One key of a :class:`Record`."""

    spec: Spec
    required: bool = False


@dataclass(frozen=True)
class Record:
    """A mapping with known keys; any other key is a (likely misspelt) error."""

    title: str
    description: str
    fields: dict[str, Field] = field(default_factory=dict)

    @functools.cached_property
    def checker(self) -> _Check:
        """This spec's check of a value at a path, compiled on first use and kept with the spec."""
        return _compile_record(self)


#: Every kind of spec.
Spec = Text | ListOf | Record

SLUG = Text("A slug: lower-case letters, digits and single hyphens.", SLUG_PATTERN,
            "lower-case letters, digits and hyphens", max_length=SLUG_MAX_LENGTH)

QUOTE = Record(
    "Quote",
    "A passage quoted word for word from a source document.",
    {
        "source": Field(Text("Id of the source document, from glossary/sources.yaml.", SLUG_PATTERN,
                             "lower-case letters, digits and hyphens", max_length=SLUG_MAX_LENGTH), required=True),
        "text": Field(Text("The exact words of the source; any run of whitespace may stand for any other."),
                      required=True),
        "note": Field(Text("Optional one-line context shown with the quote.", single_line=True,
                             max_length=LINE_MAX_LENGTH)),
    },
)

#: A locator is a short pointer into a work (``§4.2``, ``pp. 12–14``), not a citation.
LOCATOR_MAX_LENGTH = 40

REFERENCE = Record(
    "Reference",
    "Published work where the term comes from or is explained.",
    {
        "title": Field(Text("Title of the work.", single_line=True, max_length=LINE_MAX_LENGTH), required=True),
        "url": Field(Text("Where to read it.", URL_PATTERN, "an http:// or https:// URL", max_length=URL_MAX_LENGTH),
                     required=True),
        "locator": Field(Text("Where in the work the term is defined or argued: a section, page or figure, "
                              "as in '§4.2' or 'p. 12'.", single_line=True, max_length=LOCATOR_MAX_LENGTH)),
    },
)

SENSE = Record(
    "Sense",
    "One way some authors use the term, where usage differs.",
    {
        "by": Field(Text("Who uses the term this way, as a reader would cite them: 'Hubinger et al. (2019)'.",
                         single_line=True, max_length=NAME_MAX_LENGTH), required=True),
        "meaning": Field(Text("What they mean by it, in plain words of our own (no Markdown).", single_line=True,
                              max_length=LINE_MAX_LENGTH), required=True),
        "reference": Field(REFERENCE, required=True),
    },
)

TERM = Record(
    "Glossary term",
    "One term of the glossary: glossary/terms/<slug>.yaml, where the file name is the slug.",
    {
        "term": Field(Text("Display name of the term.", single_line=True, max_length=NAME_MAX_LENGTH), required=True),
        "slug": Field(Text("Optional; when present it must equal the file name.", SLUG_PATTERN,
                           "lower-case letters, digits and hyphens", max_length=SLUG_MAX_LENGTH)),
        "aliases": Field(ListOf(Text("Another name.", single_line=True, max_length=NAME_MAX_LENGTH),
                                "Other names people use.", unique=True)),
        "short": Field(Text(f"One plain sentence, at most {SHORT_MAX_LENGTH} characters: hover cards and previews "
                            "show it.", max_length=SHORT_MAX_LENGTH, single_line=True), required=True),
        "definition": Field(Text("Markdown in our own words; link terms as [[slug]] or [[slug|label]]."),
                            required=True),
        "tags": Field(ListOf(SLUG, "Families the term belongs to.", min_items=1, unique=True), required=True),
        "broader": Field(ListOf(SLUG, "Slugs of more general terms (narrower terms are derived).", unique=True)),
        "related": Field(ListOf(SLUG, "Slugs of related terms; shown on both.", unique=True)),
        "quotes": Field(ListOf(QUOTE, "Passages from the sources that use or explain the term.")),
        "references": Field(ListOf(REFERENCE, "Published work.")),
        "senses": Field(ListOf(SENSE, "Where authors use the term differently: each sense, who uses it and where "
                               "they say so (a 'usage differs' note).", min_items=2)),
    },
)

POST = Record(
    "Post",
    "A post whose comments the document holds, and where it was published: only where certain.",
    {
        "title": Field(Text("The post's title exactly as the document writes it.", single_line=True,
                              max_length=LINE_MAX_LENGTH), required=True),
        "url": Field(Text("The post's original address.", URL_PATTERN, "an http:// or https:// URL",
                          max_length=URL_MAX_LENGTH), required=True),
        "author": Field(Text("Only where certain: the post names its author.", single_line=True,
                               max_length=LINE_MAX_LENGTH)),
    },
)

SOURCE = Record(
    "Source document",
    "A source document kept verbatim under seeds/.",
    {
        "id": Field(Text("Stable id; the source page is /sources/<id>/.", SLUG_PATTERN,
                         "lower-case letters, digits and hyphens", max_length=SLUG_MAX_LENGTH), required=True),
        "file": Field(Text("File name under seeds/.", r"^[^/\\\x00-\x1f\x7f]+$",
                           "a file name directly under seeds/, without control characters"),
                      required=True),
        "title": Field(Text("Title shown for the source.", single_line=True, max_length=LINE_MAX_LENGTH),
                       required=True),
        "author": Field(Text("Only where the document itself names its author.", single_line=True,
                               max_length=LINE_MAX_LENGTH)),
        "description": Field(Text("One or two sentences saying what the document is.")),
        "posts": Field(ListOf(POST, "The posts whose comment threads the document holds, with their original "
                              "addresses: only those you have checked.")),
    },
)

SOURCES = ListOf(SOURCE, "The source documents of the glossary.", min_items=1)

TAG = Record(
    "Tag",
    "A family of terms: the name terms list under 'tags', and what its terms have in common.",
    {
        "name": Field(SLUG, required=True),
        "description": Field(Text("One line saying what the terms of this family have in common.", single_line=True,
                                  max_length=LINE_MAX_LENGTH), required=True),
    },
)

TAGS = ListOf(TAG, "The families of terms (glossary/tags.yaml); a term may use only these.", min_items=1)

SITE = Record(
    "Site",
    "Where the glossary is published and how it names itself: glossary/site.yaml. Pages, link previews, "
    "exports and the author tools all read it, so the address is written in one place.",
    {
        "title": Field(Text("The glossary's name, as pages and previews show it.", single_line=True,
                              max_length=NAME_MAX_LENGTH), required=True),
        "url": Field(Text("The public address the site is published at; every permanent link starts with it.",
                          SITE_URL_PATTERN, "an http:// or https:// URL ending in '/'"),
                     required=True),
        "description": Field(Text("One sentence for search engines and link previews.", single_line=True,
                                    max_length=LINE_MAX_LENGTH)),
        "publisher": Field(Text("Who publishes the glossary (document metadata).", single_line=True,
                                  max_length=LINE_MAX_LENGTH)),
        "repository": Field(Text("The repository that holds the glossary, linked from every page's header.",
                                 URL_PATTERN, "an http:// or https:// URL", max_length=URL_MAX_LENGTH)),
        "edit_url": Field(Text("Where a file of the project is edited: its path is appended, as in "
                               "https://github.com/owner/repo/edit/main/ (each term page then links to its YAML).",
                               FOLDER_URL_PATTERN, "an http:// or https:// URL ending in '/'",
                               max_length=URL_MAX_LENGTH)),
        "license": Field(Text("The licence of the content, by name (CC BY 4.0): every page's footer and the "
                              "exports name it.", single_line=True, max_length=NAME_MAX_LENGTH)),
        "license_url": Field(Text("Where the licence is read.", URL_PATTERN, "an http:// or https:// URL",
                                  max_length=URL_MAX_LENGTH)),
        "start_here": Field(ListOf(SLUG, "Slugs of the terms a newcomer should read first, in reading order: the "
                                         "PDF book opens with this path and a map of it.", unique=True)),
    },
)


def check(document: YamlDocument, spec: Spec, at: YamlPath = ()) -> list[Diagnostic]:
    """Every way the value at path ``at`` departs from ``spec``, each at its line and column."""
    value = document.data
    for key in at:
        value = value[key]
    found: _Found = []
    spec.checker(value, at, found)
    if not found:
        return []
    # Only now, and only for a problem, is a path looked up in the document.
    return [Diagnostic(document.key_location(*path) if at_key else document.location(*path), message)
            for path, message, at_key in found]


#: The problems one check has found, in the order they are told: within a mapping its unknown
#: fields first, then its fields in the order the spec declares them; each at its path, with
#: its message, and whether it is placed at the key (an unknown field) rather than at the value.
_Found = list[tuple[YamlPath, str, bool]]


def _found_in_text(found: _Found, path: YamlPath, problem: str) -> None:
    """A text's problem, in words that follow the text's name."""
    found.append((path, f"{_describe(path)} {problem}", False))


#: A compiled spec: checks a value found at a path and adds what is wrong with it to the problems.
_Check = Callable[[Any, YamlPath, _Found], None]
#: A compiled :class:`Text`: what is wrong with a value, in words that follow its name; None if nothing.
_TextCheck = Callable[[Any], str | None]

# Checking the term files walks every value of every entry (140,000 at 10,000 terms) and
# almost every value is valid, so each spec is compiled once (on first use, kept with the
# spec: :attr:`Text.checker`) into a function that spends as little as it can on a valid
# value. The spec's settings are read once, into the function's closure; the kind of each
# item or field is known when its container is compiled, so the walk never asks for it; and
# a text is checked by a function that only returns a message, so its path (a new tuple) is
# built only when there is a problem to report at it. What the walk finds is placed in the
# document (a line and column) only at the end, by :func:`check`.


def _compile_text(spec: Text) -> _TextCheck:
    """``spec``'s rules as a function of the value alone; only the first problem is told (a text
    that is not one line is not also measured)."""
    single_line = spec.single_line
    max_length = spec.max_length
    # Whole values only, as the published JSON Schema reads the same pattern: with ``match``,
    # Python's ``$`` would also accept a value ending in a line feed.
    matches_pattern = re.compile(spec.pattern).fullmatch if spec.pattern is not None else None
    # A name written where a slug goes: the slug it would be (check says which term that is).
    hints_slug = spec.pattern == SLUG_PATTERN

    def problem_in(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be text, not {_kind(value)}{_quote_hint(value)}"
        stripped = value.strip()
        if not stripped:
            return "must not be empty"
        # A line feed and every character _CONTROL finds are ones ``isprintable`` refuses, and it
        # answers a clean text several times faster than either search, so they run only on the rest.
        if single_line and not value.isprintable():
            if "\n" in stripped:
                return "must be a single line"
            if control := _CONTROL.search(value):
                return f"holds the control character U+{ord(control.group()):04X}; remove it"
        if max_length is not None and len(stripped) > max_length:
            return f"is {len(stripped)} characters; the limit is {max_length}"
        if matches_pattern is not None and not matches_pattern(value):
            slug = slugify(value) if hints_slug else ""
            hint = f"; did you mean '{slug}'?" if slug and slug != value else ""
            return f"'{value}' is not valid: use {spec.pattern_hint}{hint}"
        return None

    return problem_in


def _compile_text_check(spec: Text) -> _Check:
    """A text checked on its own (not as an item or field, whose container asks ``problem_in``)."""
    problem_in = spec.problem_in

    def check_text(value: Any, path: YamlPath, found: _Found) -> None:
        if (problem := problem_in(value)) is not None:
            _found_in_text(found, path, problem)

    return check_text


def _compile_list(spec: ListOf) -> _Check:
    """``spec``'s check of a list and each of its items."""
    min_items = spec.min_items
    unique = spec.unique
    item_spec = spec.item
    # An item is a text (asked for its problem, its path built only for one) or a container.
    item_problem = item_spec.problem_in if isinstance(item_spec, Text) else None
    check_item = item_spec.checker

    def check_list(value: Any, path: YamlPath, found: _Found) -> None:
        if not isinstance(value, list):
            found.append((path, f"{_describe(path)} must be a list, not {_kind(value)}", False))
            return
        if len(value) < min_items:
            found.append((path, f"{_describe(path)} needs at least {min_items} item(s)", False))
        # A duplicate is reported right after its item's own problems, so the two are one walk;
        # one item has no duplicate to look for.
        seen: set[str] | None = set() if unique and len(value) > 1 else None
        for index, item in enumerate(value):
            if item_problem is not None:
                if (problem := item_problem(item)) is not None:
                    _found_in_text(found, path + (index,), problem)
            else:
                check_item(item, path + (index,), found)
            if seen is not None and isinstance(item, str):
                if item in seen:
                    found.append((path + (index,), f"'{item}' is listed twice in {_describe(path)}", False))
                seen.add(item)

    return check_list


def _compile_record(spec: Record) -> _Check:
    """``spec``'s check of a mapping: its keys, then each field in the order the spec declares them."""
    fields = spec.fields
    title = spec.title.lower()
    # Per field, in order: its name, the path step to it (``path + step`` is the cheapest new
    # path), whether it is required, and its text or container check.
    plan = [(name, (name,), field_spec.required,
             field_spec.spec.problem_in if isinstance(field_spec.spec, Text) else None,
             field_spec.spec.checker)
            for name, field_spec in fields.items()]
    field_count = len(plan)

    def check_record(value: Any, path: YamlPath, found: _Found) -> None:
        if not isinstance(value, dict):
            what = f"{_describe(path)} must be" if path else "the file must hold"
            found.append((path, f"{what} a mapping of {title} fields, not {_kind(value)}", False))
            return
        start = len(found)
        absent = 0
        for name, step, required, item_problem, check_item in plan:
            if name not in value:
                absent += 1
                if required:
                    within = f" in {_describe(path)}" if path else ""
                    found.append((path, f"missing required field '{name}'{within}", False))
                continue
            item = value[name]
            if item is None and not required:
                continue  # an empty optional key (``aliases:``) means "none"
            if item_problem is not None:
                if (problem := item_problem(item)) is not None:
                    _found_in_text(found, path + step, problem)
            else:
                check_item(item, path + step, found)
        # Counting the known fields on the way costs less than comparing the keys first; the
        # unknown ones, the likeliest typos, are still told first, before the fields' problems.
        if field_count - absent < len(value):
            found[start:start] = [_unknown_field(path, key, fields) for key in value if key not in fields]

    return check_record


def _unknown_field(path: YamlPath, key: Any, fields: dict[str, Field]) -> tuple[YamlPath, str, bool]:
    """A key no field has, placed at the key, with the field it likely misspells."""
    hint = did_you_mean(key, fields) or f"; known fields: {', '.join(fields)}"
    return (*path, key), f"unknown field '{key}'{hint}", True


def _describe(path: YamlPath) -> str:
    """``quotes[2].text`` style names, the way editors think of them."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + key)
    return "'" + "".join(parts) + "'" if parts else "the file"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _quote_hint(value: Any) -> str:
    return "; put it in quotes to keep it as text" if isinstance(value, (bool, int, float)) else ""


def json_schema(spec: Spec, *, title: str | None = None, schema_id: str | None = None) -> dict[str, Any]:
    """``spec`` as a JSON Schema (draft 2020-12) document for editors."""
    document = _json(spec)
    header: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if schema_id:
        header["$id"] = schema_id
    if title:
        header["title"] = title
    return {**header, **document}


def _json(spec: Spec) -> dict[str, Any]:
    if isinstance(spec, Text):
        schema: dict[str, Any] = {"type": "string", "description": spec.description, "minLength": 1}
        if spec.pattern:
            schema["pattern"] = spec.pattern
        if spec.max_length:
            schema["maxLength"] = spec.max_length
        return schema
    if isinstance(spec, ListOf):
        schema = {"type": "array", "description": spec.description, "items": _json(spec.item)}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.unique:
            schema["uniqueItems"] = True
        return schema
    return {
        "type": "object",
        "title": spec.title,
        "description": spec.description,
        "properties": {name: _json(f.spec) if f.required else _nullable(_json(f.spec))
                       for name, f in spec.fields.items()},
        "required": [name for name, f in spec.fields.items() if f.required],
        "additionalProperties": False,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Optional keys may be left empty (``aliases:``), which YAML reads as null."""
    return {**schema, "type": [schema["type"], "null"]}


#: Published next to the pages, and written into the project (``mesa-glossary schema``),
#: so editors can point ``$schema`` at either copy.
SCHEMA_FILES: dict[str, tuple[Spec, str]] = {TERM_SCHEMA_FILE: (TERM, "Glossary term"),
                                             SOURCES_SCHEMA_FILE: (SOURCES, "Glossary sources"),
                                             SITE_SCHEMA_FILE: (SITE, "Glossary site"),
                                             TAGS_SCHEMA_FILE: (TAGS, "Glossary tags")}


def schema_documents() -> dict[str, str]:
    """The JSON Schema files, by their path relative to the project (and the site)."""
    return {path: json.dumps(json_schema(spec, title=title), indent=2, ensure_ascii=False) + "\n"
            for path, (spec, title) in SCHEMA_FILES.items()}
