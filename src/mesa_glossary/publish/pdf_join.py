"""The book's chunks joined into one tagged PDF, written as they are read, their page numbers set.

One chunk is open at a time, and its objects go to the file as they are read (renumbered,
the small ones packed in compressed object streams); each chunk's leaf of the parent tree
is written with it. What is kept until the end is what the cross-reference table needs
(where each object was written: 17 bytes an object, some 450 objects a page), the page
objects' numbers, and the named destinations and bookmarks. (qpdf, joining in memory,
held every chunk's objects until it saved: some 1.5 MB a page.)

WeasyPrint lays each chunk out alone, so it cannot know the page a chunk starts on, nor
the pages of what a chunk refers to in others; render/book.py prints each page number as
zeros, in a span of its own, and each footer counts the chunk's pages from 0. Here each
is set to its page in the book: a page number is the text of a span in a link into the
book, and its link says which page; a footer is a page's last text. They are set in
fonts that hold all ten digits (a chunk's fonts hold only the glyphs it printed), taken
from a page laid out for that (:func:`mesa_glossary.render.book.digits_html`); digits are
as wide as each other, so a number fills its zeros exactly, and a footer moves by half
its change of width to stay centred.

Joining keeps the tagging: the chunks' structure elements go under one document element,
the keys that tie pages and links to them (StructParents, StructParent, the parent tree)
are renumbered, links between chunks (``mesa-glossary-book:<id>``) become links to named
destinations, and the bookmarks come from the book's outline.
"""

from __future__ import annotations

import hashlib
import re
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from mesa_glossary.render.book import BOOK_LINK_SCHEME

#: Small objects go in compressed object streams of this many (qpdf writes 100).
_OBJECTS_PER_STREAM = 100
#: ...or fewer, once they hold this many bytes.
_STREAM_BYTES = 1 << 18
#: What qpdf writes for an object when unparsing it (it escapes every parenthesis in a
#: string), read as tokens: strings, which are left alone, and references, which are renumbered.
_TOKENS = re.compile(rb"\((?:[^\\)]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.+-])(\d+) (\d+) R(?!\w)", re.DOTALL)
#: The same, for an object without a literal string (a hex string cannot hold an R).
_REFERENCES = re.compile(rb"(?<![\w.+-])(\d+) (\d+) R(?!\w)")
#: A run of marked content in a page's content stream, as WeasyPrint writes one for each
#: run of text (and each image): its MCID and its operators.
_MARKED = re.compile(rb"<</MCID (\d+)>>\s*BDC\b(.*?)\bEMC\b", re.DOTALL)
#: The text a run of marked content shows, when it is in one font: the font's resource
#: name, its size, and the glyphs (WeasyPrint shows them with TJ, two bytes each).
_SHOWN = re.compile(rb"/(\S+) ([\d.]+) Tf\s*\[([^\]]*)\] TJ")
_MATRIX = re.compile(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) Tm")
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_UNICODE = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")
#: Streams of a chunk's file structure, which the book writes its own of.
_STRUCTURAL = (Name.XRef, Name.ObjStm)


@dataclass(frozen=True)
class JoinedChunk:
    """A laid-out chunk to join: its PDF, the book's page its first page is, and how many page
    numbers its HTML printed (each must be found)."""

    pdf: Path
    first_page: int
    page_numbers: int


class _Writer:
    """A PDF written front to back: objects as they come, small ones packed in object
    streams, and at the end a cross-reference stream of where each one is."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._position = 0
        self._digest = hashlib.md5(usedforsecurity=False)
        # Per object number: 0 free, 1 at an offset, 2 in an object stream (its number, its
        # index). Object 0 is the head of the list of free ones, with generation 0 (nothing
        # reads it) so that the column takes no more bytes than the indexes need.
        self._kinds = array("B", [0])
        self._fields = array("q", [0])
        self._indexes = array("l", [0])
        self._pending: list[tuple[int, bytes]] = []
        self._pending_bytes = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self, count: int = 1) -> int:
        """The first of ``count`` new object numbers, each to be written once."""
        first = len(self._kinds)
        self._kinds.extend([0] * count)
        self._fields.extend([0] * count)
        self._indexes.extend([0] * count)
        return first

    def add(self, number: int, body: bytes) -> None:
        """A non-stream object, packed in the next object stream."""
        self._pending.append((number, body))
        self._pending_bytes += len(body)
        if len(self._pending) >= _OBJECTS_PER_STREAM or self._pending_bytes >= _STREAM_BYTES:
            self._pack()

    def add_stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """A stream object, written now; ``dictionary`` has its ``/Length`` right."""
        self._kinds[number], self._fields[number], self._indexes[number] = 1, self._position, 0
        self._write(b"%d 0 obj\n%s\nstream\n" % (number, dictionary))
        self._write(data)
        self._write(b"\nendstream\nendobj\n")

    def finish(self, root: int, info: int) -> None:
        """The cross-reference stream and the trailer: the file is whole."""
        self._pack()
        number = self.reserve()
        self._kinds[number], self._fields[number] = 1, self._position
        columns = [column for values in (self._kinds, self._fields, self._indexes)
                   for column in _columns(values, _width(max(values)))]
        # Each entry is a row of these columns, written as its difference from the row
        # above (PNG's "Up" predictor): rows differ in a byte or two, so the table
        # compresses to a few percent.
        rows = bytearray((len(columns) + 1) * len(self._kinds))
        rows[0::len(columns) + 1] = b"\x02" * len(self._kinds)
        for place, column in enumerate(columns, start=1):
            rows[place::len(columns) + 1] = _less_the_byte_above(column)
        identity = self._digest.hexdigest().encode()
        dictionary = (b"<< /Type /XRef /Size %d /W [ %d %d %d ] /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] "
                      b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns %d >>"
                      % (len(self._kinds), _width(max(self._kinds)), _width(max(self._fields)),
                         _width(max(self._indexes)), root, info, identity, identity, len(columns)))
        data = zlib.compress(bytes(rows))
        self.add_stream(number, dictionary + b" /Length %d >>" % len(data), data)
        self._write(b"startxref\n%d\n%%%%EOF\n" % self._fields[number])

    def _pack(self) -> None:
        if not self._pending:
            return
        number = self.reserve()
        offsets, position = [], 0
        for index, (member, body) in enumerate(self._pending):
            offsets.append(b"%d %d" % (member, position))
            position += len(body) + 1
            self._kinds[member], self._fields[member], self._indexes[member] = 2, number, index
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + b"".join(body + b"\n" for _, body in self._pending))
        self._pending, self._pending_bytes = [], 0
        self.add_stream(number, b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                        % (len(offsets), len(header), len(data)), data)

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._digest.update(data)
        self._position += len(data)


def _width(number: int) -> int:
    """The bytes a cross-reference field needs for ``number``."""
    return max(1, (number.bit_length() + 7) // 8)


def _columns(values: array[int], width: int) -> list[bytes]:
    """``values`` written big-endian in ``width`` bytes each, as columns: the first bytes
    of every value, then the second bytes..."""
    wide = array("q", values)
    if sys.byteorder == "little":
        wide.byteswap()
    data = wide.tobytes()
    return [data[8 - width + place::8] for place in range(width)]


def _less_the_byte_above(column: bytes) -> bytes:
    """Each byte of ``column`` minus the one before it, modulo 256 (the first less 0): the
    subtraction of every byte at once, on the column as one integer, no byte borrowing
    from the next one (SWAR: the high bits are set aside and put back)."""
    size = len(column)
    ones = (1 << 8 * size) - 1
    high = int.from_bytes(b"\x80" * size, "big")
    now, above = int.from_bytes(column, "big"), int.from_bytes(b"\0" + column[:-1], "big")
    difference = ((now | high) - (above & (ones ^ high))) ^ ((now ^ above ^ ones) & high)
    return difference.to_bytes(size, "big")


def _renumbered(text: bytes, numbers: Mapping[int, int]) -> bytes:
    """An object's text with its references to other objects renumbered (to null where
    the object is gone, as a reader takes a reference to no object)."""
    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group(0)
        number = numbers.get(int(match.group(1)))
        return b"null" if number is None else b"%d 0 R" % number

    # Most objects hold no literal string, whose text could look like a reference.
    return (_TOKENS if b"(" in text else _REFERENCES).sub(replace, text)


def _copy(writer: _Writer, obj: pikepdf.Object, number: int, numbers: Mapping[int, int]) -> None:
    """Write one object of a chunk under its new number."""
    if isinstance(obj, pikepdf.Stream):
        writer.add_stream(number, _renumbered(obj.stream_dict.unparse(), numbers), obj.read_raw_bytes())
    else:
        writer.add(number, _renumbered(obj.unparse(resolved=True), numbers))


@dataclass
class _Face:
    """A font face of the digits page: its font, each digit's glyph, and a digit's width
    (in thousandths of the font size)."""

    font: pikepdf.Object
    glyphs: dict[str, int]
    width: float
    #: The font's number in the book, once written.
    number: int | None = None

    @property
    def digit_of(self) -> dict[int, str]:
        return {glyph: digit for digit, glyph in self.glyphs.items()}


class _Digits:
    """The faces of the digits page, by the font name WeasyPrint gives a face (the same
    in every document), each written into the book the first time a number is set in it."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.faces: dict[str, _Face] = {}
        for font in pdf.pages[0].Resources.Font.values():
            glyphs = {chr(int(code, 16)): int(glyph, 16)
                      for glyph, code in _UNICODE.findall(font.ToUnicode.read_bytes())
                      if len(code) == 4 and chr(int(code, 16)).isdigit()}
            if len(glyphs) == 10:
                widths = _widths(font.DescendantFonts[0].W)
                self.faces[str(font.BaseFont)] = _Face(font, glyphs, widths[glyphs["0"]])
        #: A zero of each face, as a content stream shows it.
        self.zeros = {b"<%04x>" % face.glyphs["0"] for face in self.faces.values()}

    def number(self, writer: _Writer, face: _Face) -> int:
        if face.number is None:
            objects = list(_reachable(face.font))
            first = writer.reserve(len(objects))
            numbers = {obj.objgen[0]: first + index for index, obj in enumerate(objects)}
            for obj in objects:
                _copy(writer, obj, numbers[obj.objgen[0]], numbers)
            face.number = numbers[face.font.objgen[0]]
        return face.number


def _widths(w: pikepdf.Object) -> dict[int, float]:
    """A CID font's ``/W`` array as each glyph's width."""
    items, index = list(w), 0
    widths: dict[int, float] = {}
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            widths.update((first + offset, float(width)) for offset, width in enumerate(items[index + 1]))
            index += 2
        else:
            widths.update((glyph, float(items[index + 2])) for glyph in range(first, int(items[index + 1]) + 1))
            index += 3
    return widths


def _reachable(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every indirect object ``root`` refers to, itself included."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [root]
    while stack:
        obj = stack.pop()
        if not isinstance(obj, pikepdf.Object):
            continue  # a number or a boolean: pikepdf gives them as Python's
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            yield obj
        if isinstance(obj, pikepdf.Stream):
            stack.extend(obj.stream_dict.values())
        elif isinstance(obj, pikepdf.Dictionary):
            stack.extend(obj.values())
        elif isinstance(obj, pikepdf.Array):
            stack.extend(obj)


def join_chunks(chunks: Sequence[JoinedChunk], numbers: Mapping[str, int], digits: Path,
                outline: Iterable[tuple[int, str, str]], out: BinaryIO) -> None:
    """Write to ``out`` the chunks as one book, its page numbers from ``numbers`` (each
    element id's page), its bookmarks ``outline`` ((level, title, element id), in order),
    its digits from the PDF of :func:`mesa_glossary.render.book.digits_html`."""
    with pikepdf.open(digits) as digits_pdf:
        joiner = _Joiner(_Writer(out), _Digits(digits_pdf), numbers)
        for chunk in chunks:
            with pikepdf.open(chunk.pdf) as pdf:
                joiner.add(pdf, chunk)
    joiner.finish(outline)


class _Joiner:
    """The book as its chunks are added, and what it keeps of them for the objects written
    last: the page tree, the structure tree's root and document element, the parent tree,
    the named destinations, the bookmarks and the catalog."""

    def __init__(self, writer: _Writer, faces: _Digits, numbers: Mapping[str, int]) -> None:
        self._writer = writer
        self._faces = faces
        self._numbers = numbers
        self._catalog, self._pages, self._structure, self._document = (writer.reserve() for _ in range(4))
        self._page_objects = array("q")
        self._kids = array("q")
        #: The parent tree's leaves, one a chunk, each written with its chunk: the tree's
        #: keys, one for every page and link, are not held until the end.
        self._parent_leaves = array("q")
        self._next_key = 0
        #: Each named destination: its page's object number and its place on the page, as written.
        self._destinations: dict[str, tuple[int, bytes]] = {}
        #: From the first chunk: its document information, metadata and language.
        self._first: tuple[int, int, bytes] | None = None

    def add(self, pdf: pikepdf.Pdf, chunk: JoinedChunk) -> None:
        """Write one chunk's objects into the book: its pages (numbers set, links made named
        destinations, keys renumbered), its structure elements and everything they use."""
        root = pdf.Root
        structure = root.StructTreeRoot
        parents = {int(key): value for key, value in _pairs(structure.ParentTree.Nums)}
        # What the book has its own of is not copied: references to the chunk's page tree and
        # document element lead to the book's, and so do those to the fonts of digits.
        renumbered = {root.Pages.objgen[0]: self._pages, structure.K[0].objgen[0]: self._document}
        dropped = {root.objgen[0], structure.objgen[0], structure.ParentTree.objgen[0]}
        if self._first is not None:
            dropped |= {pdf.trailer.Info.objgen[0], root.Metadata.objgen[0]}
        contents = self._set_pages(pdf, chunk, parents, renumbered)
        copied = [obj for obj in pdf.objects if obj.objgen[0] not in dropped and obj.objgen[0] not in renumbered
                  and not (isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in _STRUCTURAL)]
        start = self._writer.reserve(len(copied))
        renumbered |= {obj.objgen[0]: start + place for place, obj in enumerate(copied)}
        for obj in copied:
            data = contents.get(obj.objgen[0])
            if data is None:
                _copy(self._writer, obj, renumbered[obj.objgen[0]], renumbered)
            else:
                self._writer.add_stream(renumbered[obj.objgen[0]],
                                        b"<< /Filter /FlateDecode /Length %d >>" % len(data), data)
        self._page_objects.extend(renumbered[page.obj.objgen[0]] for page in pdf.pages)
        self._kids.extend(renumbered[kid.objgen[0]] for kid in structure.K[0].K)
        pairs = []
        for key, value in sorted(parents.items()):
            if isinstance(value, pikepdf.Array):  # a page's marked content by MCID, made an object of its own
                number = self._writer.reserve()
                self._writer.add(number, _renumbered(value.unparse(resolved=True), renumbered))
            else:
                number = renumbered[value.objgen[0]]
            pairs.append(b"%d %d 0 R" % (key + self._next_key, number))
        if parents:
            leaf = self._writer.reserve()
            self._writer.add(leaf, b"<< /Limits [ %d %d ] /Nums [ %s ] >>" % (
                min(parents) + self._next_key, max(parents) + self._next_key, b" ".join(pairs)))
            self._parent_leaves.append(leaf)
        self._next_key += max(parents, default=-1) + 1
        if "/Names" in root:
            for anchor, place in _pairs(root.Names.Dests.Names):
                page, _, left, top, _ = place  # [page /XYZ left top zoom], as WeasyPrint writes them
                self._destinations[str(anchor)] = (renumbered[page.objgen[0]],
                                                   _real(float(left)) + b" " + _real(float(top)))
        if self._first is None:
            self._first = (renumbered[pdf.trailer.Info.objgen[0]], renumbered[root.Metadata.objgen[0]],
                           root.get("/Lang", String("en")).unparse())

    def _set_pages(self, pdf: pikepdf.Pdf, chunk: JoinedChunk, parents: Mapping[int, pikepdf.Object],
                   renumbered: dict[int, int]) -> dict[int, bytes]:
        """Set the numbers on a chunk's pages, their keys in the parent tree, their links
        into the book; the content streams, compressed, by their objects' numbers."""
        fonts: dict[str, pikepdf.Object] = {}  # the fonts of digits the chunk uses, by resource name
        contents: dict[int, bytes] = {}
        found = 0
        for index, page in enumerate(pdf.pages):
            key = int(page.obj.get("/StructParents", index))
            targets = _link_targets(page)
            setter = _NumberSetter(page, self._faces, parents.get(key, Array()), targets, self._numbers,
                                   str(chunk.first_page + index), str(index))
            contents[page.Contents.objgen[0]] = zlib.compress(setter.set(page.Contents.read_bytes()))
            found += setter.count
            for name, face in setter.faces.items():
                if name not in fonts:
                    fonts[name] = pdf.make_indirect(Dictionary())
                    renumbered[fonts[name].objgen[0]] = self._faces.number(self._writer, face)
                page.Resources.Font[Name("/" + name)] = fonts[name]
            page.StructParents = key + self._next_key
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + self._next_key
                if annotation.objgen in targets:
                    del annotation.A
                    annotation.Dest = annotation.Contents = String(targets[annotation.objgen])
        if found != chunk.page_numbers:
            raise ValueError(f"{chunk.pdf.name}: found {found} of the {chunk.page_numbers} page numbers "
                             "its HTML prints")
        return contents

    def finish(self, outline: Iterable[tuple[int, str, str]]) -> None:
        """Write the book's own objects, and the cross-reference stream: the file is whole."""
        if self._first is None:
            raise ValueError("a book needs a chunk")
        info, metadata, language = self._first
        writer = self._writer
        parent_tree = writer.reserve()
        writer.add(parent_tree, b"<< /Kids [ %s ] >>" % _references(self._parent_leaves))
        writer.add(self._structure, b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R "
                   b"/ParentTreeNextKey %d >>" % (self._document, parent_tree, self._next_key))
        writer.add(self._document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>"
                   % (self._structure, _references(self._kids)))
        writer.add(self._pages, b"<< /Type /Pages /Kids [ %s ] /Count %d >>"
                   % (_references(self._page_objects), len(self._page_objects)))
        destinations = writer.reserve()
        writer.add(destinations, b"<< /Names [ %s ] >>" % b" ".join(
            b"%s [ %d 0 R /XYZ %s 0 ]" % (String(anchor).unparse(), *self._destinations[anchor])
            for anchor in sorted(self._destinations, key=lambda anchor: anchor.encode("utf-16-be"))))
        outlines = _write_outline(writer, outline, self._destinations)
        writer.add(self._catalog, b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R "
                   b"/MarkInfo << /Marked true >> /ViewerPreferences << /DisplayDocTitle true >> /Lang %s "
                   b"/Metadata %d 0 R /Names << /Dests %d 0 R >> /Outlines %d 0 R /PageMode /UseOutlines >>"
                   % (self._pages, self._structure, language, metadata, destinations, outlines))
        writer.finish(self._catalog, info)


def _references(numbers: Iterable[int]) -> bytes:
    return b" ".join(b"%d 0 R" % number for number in numbers)


def _pairs(items: pikepdf.Object) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
    flat = list(items)
    return zip(flat[::2], flat[1::2], strict=True)


def _link_targets(page: pikepdf.Page) -> dict[tuple[int, int], str]:
    """The element id each of a page's links into the book leads to, by the link's object."""
    targets = {}
    for annotation in page.obj.get("/Annots", Array()):
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(BOOK_LINK_SCHEME):
            targets[annotation.objgen] = uri.removeprefix(BOOK_LINK_SCHEME)
    return targets


class _NumberSetter:
    """Sets a page's numbers in its content stream: each page number (zeros, alone in a span
    in a link into the book) to the page its link leads to, and the footer (the page's
    last text, its index in the chunk) to the page's own number."""

    def __init__(self, page: pikepdf.Page, faces: _Digits, marked: pikepdf.Object,
                 targets: Mapping[tuple[int, int], str], numbers: Mapping[str, int], number: str, index: str) -> None:
        self._faces = faces
        self._fonts = {name.removeprefix("/"): str(font.get("/BaseFont", ""))
                       for name, font in page.Resources.get("/Font", Dictionary()).items()}
        self._marked = marked
        self._targets = targets
        self._numbers = numbers
        self._number, self._index = number, index
        #: The digits fonts set numbers need on this page, by resource name.
        self.faces: dict[str, _Face] = {}
        self.count = 0

    def set(self, content: bytes) -> bytes:
        """``content`` (a page's content stream) with its numbers set."""
        runs = list(_MARKED.finditer(content))
        footer = next((run for run in reversed(runs) if b" TJ" in run.group(2)), None)
        pieces, position = [], 0
        for run in runs:
            # Most runs show no zero at all: those are passed over without reading their text.
            replaced = self._page_number(run) if any(zero in run.group(2) for zero in self._faces.zeros) else None
            if replaced is None and run is footer:
                replaced = self._footer(run)
            if replaced is not None:
                pieces += [content[position:run.start(2)], replaced]
                position = run.end(2)
        return b"".join([*pieces, content[position:]])

    def _shown(self, run: re.Match[bytes]) -> tuple[re.Match[bytes], _Face, list[int]] | None:
        """The text of a run of marked content shown in one font, with the font's digits."""
        text = run.group(2)
        match = _SHOWN.search(text)
        if match is None or text.count(b" Tf") != 1:
            return None
        face = self._faces.faces.get(self._fonts.get(match.group(1).decode("latin-1"), ""))
        if face is None:
            return None
        hexes = b"".join(_HEX.findall(match.group(3)))
        return match, face, [int(hexes[start:start + 4], 16) for start in range(0, len(hexes), 4)]

    def _page_number(self, run: re.Match[bytes]) -> bytes | None:
        shown = self._shown(run)
        if shown is None:
            return None
        match, face, glyphs = shown
        if not glyphs or any(glyph != face.glyphs["0"] for glyph in glyphs):
            return None
        target = self._target(int(run.group(1)))
        if target is None:
            return None
        if target not in self._numbers:
            raise ValueError(f"a page number leads to {target!r}, which is in no chunk")
        number = str(self._numbers[target])
        if len(number) != len(glyphs):
            raise ValueError(f"page {number} of {target!r} was laid out {len(glyphs)} digits wide")
        self.count += 1
        return self._with(run, match, face, number, 0.0)

    def _footer(self, run: re.Match[bytes]) -> bytes | None:
        shown = self._shown(run)
        if shown is None:
            return None
        match, face, glyphs = shown
        digit_of = face.digit_of
        if "".join(digit_of.get(glyph, "?") for glyph in glyphs) != self._index:
            return None
        # Centred: a number of another width moves by half the difference.
        shift = (len(self._index) - len(self._number)) * face.width / 1000 * float(match.group(2)) / 2
        return self._with(run, match, face, self._number, shift)

    def _with(self, run: re.Match[bytes], match: re.Match[bytes], face: _Face, number: str, shift: float) -> bytes:
        """A run of marked content showing ``number`` instead, in the digits font, moved right by ``shift``."""
        name = "D-" + match.group(1).decode("latin-1")
        self.faces[name] = face
        text = run.group(2)
        before = text[:match.start()]
        if shift:
            before = _MATRIX.sub(lambda tm: b"%s %s %s %s %s %s Tm" % (
                *tm.groups()[:4], _real(float(tm.group(5)) + shift), tm.group(6)), before, count=1)
        glyphs = b"".join(b"<%04x>" % face.glyphs[digit] for digit in number)
        return b"%s/%s %s Tf [%s] TJ%s" % (before, name.encode(), match.group(2), glyphs, text[match.end():])

    def _target(self, mcid: int) -> str | None:
        """Where the link holding the span whose only text is MCID ``mcid`` leads, when it is a
        link into the book: WeasyPrint tags a span's text as a Span element within the span's."""
        if mcid >= len(self._marked):
            return None
        element = self._marked[mcid]
        span = element.get("/P")
        if element.get("/S") != Name.Span or span is None or span.get("/S") != Name.Span:
            return None
        ancestor: pikepdf.Object | None = span
        while ancestor is not None and ancestor.get("/S") not in (Name.Link, Name.Document):
            ancestor = ancestor.get("/P")
        if ancestor is None or ancestor.get("/S") != Name.Link:
            return None
        for kid in ancestor.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.OBJR:
                target = self._targets.get(kid.Obj.objgen)
                if target is not None:
                    return target
        return None


def _real(value: float) -> bytes:
    """A number as a PDF writes one (no exponent)."""
    return (b"%.6f" % value).rstrip(b"0").rstrip(b".")


def _write_outline(writer: _Writer, entries: Iterable[tuple[int, str, str]],
                   destinations: Mapping[str, tuple[int, bytes]]) -> int:
    """The bookmarks, every level open; an entry whose target is missing, or whose parent is, is left out."""
    root = _Bookmark("", (0, b""), writer.reserve())
    levels: dict[int, _Bookmark] = {0: root}
    for level, title, anchor in entries:
        if anchor not in destinations or level - 1 not in levels:
            continue
        item = _Bookmark(title, destinations[anchor], writer.reserve())
        levels[level - 1].children.append(item)
        levels = {key: value for key, value in levels.items() if key < level} | {level: item}
    _write_bookmarks(writer, root, None)
    return root.number


@dataclass
class _Bookmark:
    title: str
    #: Its page's object number and the place on the page, as written.
    destination: tuple[int, bytes]
    number: int
    children: list[_Bookmark] = field(default_factory=list)

    @property
    def count(self) -> int:
        """The items under this one, all open, as a PDF counts them."""
        return sum(1 + child.count for child in self.children)


def _write_bookmarks(writer: _Writer, item: _Bookmark, parent: _Bookmark | None,
                     before: _Bookmark | None = None, after: _Bookmark | None = None) -> None:
    """Write ``item`` (between its siblings ``before`` and ``after``) and everything under
    it; the root, which has no parent, is the outline dictionary."""
    if parent is None:
        fields = [b"/Type /Outlines"]
    else:
        fields = [b"/Title %s /Parent %d 0 R /Dest [ %d 0 R /XYZ %s 0 ]"
                  % (String(item.title).unparse(), parent.number, *item.destination)]
    fields += [b"/Prev %d 0 R" % before.number] if before else []
    fields += [b"/Next %d 0 R" % after.number] if after else []
    fields.append(b"/Count %d" % item.count)
    kids = item.children
    if kids:
        fields.append(b"/First %d 0 R /Last %d 0 R" % (kids[0].number, kids[-1].number))
    writer.add(item.number, b"<< %s >>" % b" ".join(fields))
    for earlier, child, later in zip([None, *kids], kids, [*kids[1:], None], strict=False):
        _write_bookmarks(writer, child, item, earlier, later)
