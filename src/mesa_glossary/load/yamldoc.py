"""Safe YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` throws positions away, but every later check must point at a
line and column. So we compose the node graph with the safe loader and build plain
Python values ourselves, recording the line and column of each key and value as plain
numbers (see :attr:`YamlDocument.marks`), which :meth:`YamlDocument.location` finds by
path (``("quotes", 2, "text")``). Building the values ourselves also lets us refuse what
``safe_load`` silently accepts: duplicate keys, alias "bombs" that expand a small file
into millions of values, typed values that cannot be built (``2024-13-45``), and
nesting deeper than :data:`MAX_DEPTH` levels.

Nesting needs care: libyaml's C composer recurses in C, and a file of ``[[[[…`` crashes
the whole process (a segfault, no message) some tens of thousands of levels down. A
collection can only start at a ``[``, ``{``, ``-``, ``:`` or ``?``, so a file with few of
those cannot nest deep and is composed at once; any other file is first measured from
the parser's events, which libyaml produces without recursion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeAlias, TypeVar, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.events import CollectionEndEvent, CollectionStartEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mesa_glossary.core.diagnostics import Diagnostic, GlossaryError, Lines, Location
from mesa_glossary.core.files import UnreadableFileError, read_regular_file

try:  # The C composer is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _SafeLoader
    from yaml._yaml import CParser as _Composer  # libyaml's parser composes the nodes on its own
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]
    _Composer = _SafeLoader  # type: ignore[misc]

YamlPath = tuple[str | int, ...]
T = TypeVar("T")
#: For a mapping, the offset in :attr:`YamlDocument.marks` of each key, by key; for a list,
#: the offset of each item. (Named apart from the glossary's entries, which files hold.)
_Offsets: TypeAlias = dict[str, int] | tuple[int, ...]
#: The third mark of a value that holds nothing (a text, a number, a date).
_HOLDS_NOTHING = -1

#: Entries are a few kilobytes; anything far larger is a mistake or an attack.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Far above any real entry, far below what an alias bomb expands to.
MAX_NODES = 200_000
#: Entries nest three or four levels (a quote in the list of quotes); far more is an attack.
MAX_DEPTH = 64
#: Files that could nest deeper than this are measured before they are composed: far
#: above any entry (about 100), far below what crashes libyaml's composer (about 30,000).
_COMPOSE_SAFELY = 1000

_STR_TAG = "tag:yaml.org,2002:str"
#: The styles of a ``|`` or ``>`` block, whose value starts on the line after the indicator.
_BLOCK_STYLES = ("|", ">")
_WILDCARD_RESOLVERS = tuple(_SafeLoader.yaml_implicit_resolvers.get(None, ()))
#: The safe loader's implicit resolvers (``yes`` is a bool, ``1.5`` a float) by the first
#: character of the plain value they may match, the wildcard ones already appended.
_IMPLICIT_RESOLVERS = {first: (*resolvers, *_WILDCARD_RESOLVERS)
                       for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items() if first is not None}


class _Loader(_SafeLoader):
    """The safe loader, resolving tags as it does but without its per-node bookkeeping.

    The composer asks the resolver for the tag of every node, and tells it of every step
    down and back up: calls into Python that were an eighth of composing a term file.
    The safe loader has no path resolvers, so those steps are no-ops and a tag depends
    only on the node's kind and, for a plain scalar, its implicit resolvers. For the same
    reason only the composer is set up: the constructor's and the resolver's state go unused.
    """

    def __init__(self, stream: str) -> None:
        _Composer.__init__(self, stream)

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT_RESOLVERS.get(value[:1], _WILDCARD_RESOLVERS):
                    if pattern.match(value):
                        return str(tag)
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

_CORE_TAGS = {f"tag:yaml.org,2002:{name}"
              for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@dataclass
class YamlDocument:
    """A loaded YAML file: its plain data plus the position of every key and value."""

    path: Path
    data: Any
    text: str = ""
    #: The 1-based line and column of every value and key, in the order they are written: a
    #: value's two are followed by the index in :attr:`contents` of what it holds (or
    #: :data:`_HOLDS_NOTHING`), a key's two by its value's. Plain numbers rather than a
    #: tuple for each value and a path for each in a table: thousands of documents stay
    #: loaded, and every object the garbage collector must look at again and again made
    #: loading slower, while numbers in a tuple, and dicts of them, it soon stops looking at.
    #: A document with no value points at its start.
    marks: tuple[int, ...] = (1, 1, _HOLDS_NOTHING)
    #: For each mapping and list, where its keys or items are in :attr:`marks`.
    contents: tuple[_Offsets, ...] = ()

    def location(self, *keys: str | int) -> Location:
        """Where the value at ``keys`` starts, or its nearest recorded parent."""
        value, _ = self._follow(keys)
        return Location(self.path, self.marks[value], self.marks[value + 1])

    def key_location(self, *keys: str | int) -> Location:
        """Where the key naming ``keys`` starts (falls back to its value)."""
        value, key = self._follow(keys)
        at = key if key >= 0 else value
        return Location(self.path, self.marks[at], self.marks[at + 1])

    def locate_within(self, keys: YamlPath, needle: str) -> Location:
        """Where ``needle`` first appears in the file at or after the value at ``keys``.

        Used to point inside a long value, such as a ``[[link]]`` in a definition. Line
        starts are found once per document, so many calls cost no more than one pass.
        """
        start = self.location(*keys)
        found = self.text.find(needle, self._lines.offset(start.line, start.column))
        return start if found < 0 else self._lines.location(self.path, found)

    @cached_property
    def _lines(self) -> Lines:
        return Lines(self.text)

    def _follow(self, keys: YamlPath) -> tuple[int, int]:
        """The offset in :attr:`marks` of the value at ``keys``, or else of the last value on
        the way there; and of its key if all of ``keys`` lead to it and the last one is a key
        of a mapping, else -1.

        Asked a few times for every file loaded, so it stops at the first step that leads
        nowhere rather than trying shorter paths.
        """
        marks, contents = self.marks, self.contents
        value = 0
        key_at = -1
        for key in keys:
            held = marks[value + 2]
            if held == _HOLDS_NOTHING:
                return value, -1
            offsets = contents[held]
            if isinstance(offsets, dict):
                key_at = offsets.get(key, -1) if isinstance(key, str) else -1
                if key_at < 0:
                    return value, -1
                value = key_at + 2
            elif isinstance(key, int) and 0 <= key < len(offsets):
                key_at = -1
                value = offsets[key]
            else:
                return value, -1
        return value, key_at


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read an editor-written UTF-8 file: BOM dropped, CRLF and CR turned into LF.

    Only a regular file is read: a named pipe would block for ever and a device could
    stream without end, so anything else is an error, as is a file over ``max_bytes``.
    Raises :class:`GlossaryError` pointing at the problem (for bad UTF-8, its first byte).
    """
    try:
        raw = read_regular_file(path, max_bytes)
    except UnreadableFileError as problem:
        raise GlossaryError([Diagnostic(Location(path), str(problem))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"file is not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded"
        raise GlossaryError([Diagnostic(Location(path, line, column), message)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def load_yaml(path: Path, memo: ParsedFiles | None = None) -> YamlDocument:
    """Load one YAML file safely, or raise :class:`GlossaryError` saying where it is wrong.

    With a ``memo``, a file whose text is the same as when it was last loaded through it
    is not parsed again: its document is the one loaded then.
    """
    return document_of(path, read_text(path), memo)


def document_of(path: Path, text: str, memo: ParsedFiles | None = None) -> YamlDocument:
    """The document of a file's ``text``, as :func:`load_yaml` makes it once the file is
    read: from the ``memo`` when there is one, else parsed."""
    if memo is not None:
        return memo.document(path, text)
    return parse_yaml(path, text)


class ParsedFiles:
    """What was last parsed from each file, kept for as long as the memo is.

    The preview loads the glossary again after every save, which mostly changes one file
    of thousands; parsing every file again took most of the load. What is parsed is data
    nothing changes after loading, so sharing it between loads is safe.
    """

    def __init__(self) -> None:
        self._parsed: dict[tuple[Path, Callable[[Path, str], Any]], tuple[str, Any]] = {}
        self._derived: dict[tuple[Path, Callable[[YamlDocument], Any]], tuple[YamlDocument, Any]] = {}

    def document(self, path: Path, text: str) -> YamlDocument:
        """The document of ``path``, whose text is ``text``: parsed again only if it changed."""
        return self.parsed(path, text, parse_yaml)

    def parsed(self, path: Path, text: str, parse: Callable[[Path, str], T]) -> T:
        """``parse(path, text)``, done again only if the text of ``path`` changed since it was
        last parsed so; a text that does not parse is not remembered."""
        key = (path, parse)
        kept = self._parsed.get(key)
        if kept is None or kept[0] != text:
            self._parsed.pop(key, None)
            kept = self._parsed[key] = (text, parse(path, text))
        return cast(T, kept[1])

    def derived(self, document: YamlDocument, work: Callable[[YamlDocument], T]) -> T:
        """``work(document)``, done again only for a document parsed again: ``work`` must make
        its result from the document alone (its check against the schema), and not change it."""
        key = (document.path, work)
        remembered = self._derived.get(key)
        if remembered is None or remembered[0] is not document:
            remembered = self._derived[key] = (document, work(document))
        return cast(T, remembered[1])


def parse_yaml(path: Path, text: str) -> YamlDocument:
    """The document of ``text``, read from ``path``; :class:`GlossaryError` if it is not valid."""
    try:
        too_deep = _too_deep(text) if _could_nest(text) > _COMPOSE_SAFELY else None
        if too_deep is not None:
            raise GlossaryError([_nesting_error(path, too_deep)])
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:  # a tab on a blank line is an error to YAML
        raise GlossaryError([_empty(path) if _is_empty(text) else _yaml_error(path, error, text)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks its errors
        raise GlossaryError([Diagnostic(Location(path), f"invalid YAML: {error}")]) from None
    if not isinstance(root, (MappingNode, SequenceNode)) and _is_empty(text):  # asked only here: it reads every line
        raise GlossaryError([_empty(path)])
    if root is None:  # no document, yet not empty (a stray byte order mark): nowhere but the start to point
        return YamlDocument(path, None, text)
    builder = _Builder(path, text)
    data = builder.build(root, 0)
    if builder.problems:
        raise GlossaryError(builder.problems)
    return YamlDocument(path, data, text, tuple(builder.marks), tuple(builder.contents))


def _could_nest(text: str) -> int:
    """How deep ``text`` could nest at most: every collection starts at one of these
    characters, so at most one level per character (a short file is not even counted)."""
    if len(text) < _COMPOSE_SAFELY:
        return 1 + len(text)
    return 1 + sum(text.count(character) for character in "[{-:?")


def _too_deep(text: str) -> Event | None:
    """The first collection deeper than :data:`MAX_DEPTH`, read from the parser's events."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def _nesting_error(path: Path, node: Node | Event) -> Diagnostic:
    mark = node.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Diagnostic(Location(path, line, column),
                      f"nested more than {MAX_DEPTH} levels deep; entries hold text, lists and mappings a few "
                      "levels deep")


def _empty(path: Path) -> Diagnostic:
    return Diagnostic(Location(path), "file is empty")


def _is_empty(text: str) -> bool:
    """Whether ``text`` holds nothing but blank lines, comments and ``---``."""
    return not text.strip() or all(_is_comment_or_blank(line) for line in text.splitlines())


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped == "---"


#: PyYAML's problems, said in plain words with what to do (matched by their beginning).
_PLAIN_YAML = (
    ("did not find expected '-' indicator",
     "a list item that does not start with '- ' where the list's items do; line the items up, each starting '- '"),
    ("did not find expected key",
     "this line is not indented like the keys around it (or a value above it is not closed); line the keys up"),
    ("mapping values are not allowed",
     "a ': ' inside a value, which YAML reads as a new key; put the whole value in quotes"),
    ("could not find expected ':'",
     "a line with no 'key: value'; add the colon, or put a long value in quotes or under '>-'"),
    ("found unexpected end of stream",
     "a quote that is opened and never closed; close it, or use '>-' for a long text"),
    ("found unknown escape character",
     "a backslash in double quotes; use single quotes, or write '\\\\' for a backslash"),
    ("found character '\\t' that cannot start any token", "tab character; YAML is indented with spaces only"),
    ("found undefined alias", "'*' starts a YAML alias; put a value that starts with '*' in quotes"),
    ("found character '@' that cannot start any token", "a value starting with '@'; put it in quotes"),
    ("found character '`' that cannot start any token", "a value starting with '`'; put it in quotes"),
)


def _yaml_error(path: Path, error: yaml.MarkedYAMLError, text: str = "") -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "malformed YAML"
    lines = text.split("\n")
    if line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        problem = "found character '\\t' that cannot start any token"  # a tab: said in plain words below
    plain = next((words for start, words in _PLAIN_YAML if problem.startswith(start)), None)
    if plain:
        return Diagnostic(Location(path, line, column), f"invalid YAML: {plain} (the parser says: {problem})")
    context = f" ({error.context})" if error.context and error.context not in problem else ""
    return Diagnostic(Location(path, line, column), f"invalid YAML: {problem}{context}")


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions as it goes."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.marks: list[int] = []
        self.contents: list[_Offsets] = []
        self.problems: list[Diagnostic] = []
        self.nodes_seen = 0

    def build(self, node: Node, depth: int) -> Any:
        """The plain value of ``node``, ``depth`` levels down, its marks and those of all it
        holds recorded (see :attr:`YamlDocument.marks`).

        The hot path of reading a glossary (every value of every file): the kinds are told
        apart by class and a plain text returns at once, as calls and ``isinstance`` cost
        a sixth of building.
        """
        if depth > MAX_DEPTH:  # a recursive alias (``&a [*a]``) too: each turn is one level deeper
            if not any(problem.message.startswith("nested more than") for problem in self.problems):
                self.problems.append(_nesting_error(self.path, node))
            return None
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            if self.nodes_seen == MAX_NODES + 1:
                self._problem(node, f"document expands to more than {MAX_NODES:,} values (anchors and aliases?)")
            return None
        mark = node.start_mark
        if type(node) is ScalarNode:
            if node.style in _BLOCK_STYLES:
                self.marks.extend((*self._block_content_start(mark), _HOLDS_NOTHING))
            else:
                self.marks.extend((mark.line + 1, mark.column + 1, _HOLDS_NOTHING))
            if node.tag == _STR_TAG:
                return node.value
            return self._typed_scalar(node) if node.tag in _CORE_TAGS else self._disallowed_tag(node)
        if node.tag not in _CORE_TAGS:
            return self._disallowed_tag(node)
        self.marks.extend((mark.line + 1, mark.column + 1, len(self.contents)))
        if type(node) is SequenceNode:
            return self._sequence(node, depth)
        if type(node) is MappingNode:
            return self._mapping(node, depth)
        self._problem(node, "unsupported YAML node")  # pragma: no cover - composer makes only these
        return None

    def _disallowed_tag(self, node: Node) -> None:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        self._problem(node, f"YAML tag '{shown}' is not allowed: entries hold only text, lists and mappings")

    def _block_content_start(self, mark: Mark) -> tuple[int, int]:
        """1-based start of a ``|`` or ``>`` block's value: its first content line."""
        content_start = self.text.find("\n", mark.index) + 1  # the line after the indicator
        if not content_start:
            return mark.line + 1, mark.column + 1
        content_end = self.text.find("\n", content_start)
        content = self.text[content_start : content_end if content_end >= 0 else len(self.text)]
        return mark.line + 2, len(content) - len(content.lstrip()) + 1

    def _typed_scalar(self, node: ScalarNode) -> Any:
        """A scalar that is not text (``true``, ``12``, ``2024-01-01``), built as YAML types it."""
        try:
            return SafeConstructor().construct_object(node, deep=True)
        except Exception:
            self._problem(node, _unbuildable(node, self.text))
            return None

    def _sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        slot = len(self.contents)
        self.contents.append(())  # its items' offsets, known once they are built
        item_offsets = []
        result = []
        for item in node.value:
            item_offsets.append(len(self.marks))
            result.append(self.build(item, depth + 1))
        self.contents[slot] = tuple(item_offsets)
        return result

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        marks = self.marks
        key_offsets: dict[str, int] = {}
        self.contents.append(key_offsets)
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != _STR_TAG:
                self._problem(key_node, "keys must be plain text")
                continue
            key = key_node.value
            if key in result:  # the first one's position is kept: it is the one built
                self._problem(key_node, f"duplicate key '{key}' (first defined on line {marks[key_offsets[key]]})")
                continue
            key_offsets[key] = len(marks)
            key_mark = key_node.start_mark
            marks.extend((key_mark.line + 1, key_mark.column + 1))
            result[key] = self.build(value_node, depth + 1)
        return result

    def _problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(Location(self.path, mark.line + 1, mark.column + 1), message))


_TAG_NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false", "null": "nothing (null)",
              "timestamp": "a date"}


def _unbuildable(node: ScalarNode, text: str) -> str:
    """Why a typed value (``2024-13-45``, ``!!int abc``) could not be built, in words."""
    name = node.tag.replace("tag:yaml.org,2002:", "")
    shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    mark = node.start_mark
    written = text[mark.index : mark.index + 2]
    if written == "!!" or written.startswith("!"):
        return f"'{shown}' is not a valid !!{name}: it cannot be read as {_TAG_NAMES.get(name, name)}"
    return (f"'{shown}' looks like {_TAG_NAMES.get(name, name)} but is not a valid one; put it in quotes to keep "
            "it as text")
