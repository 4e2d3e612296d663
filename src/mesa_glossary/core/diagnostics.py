"""Problems found in a glossary project, reported the way compilers and linters do.

Every step of the pipeline reports what is wrong as a :class:`Diagnostic` that points
at a file, line and column, so that editors and CI logs can jump straight to it.
"""

from __future__ import annotations

import bisect
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]

#: Characters that would break a printed problem over lines or drive the terminal (a line
#: feed in a file's name, an escape sequence in a value), each shown as its escape instead.
_UNPRINTABLE = {code: ascii(chr(code))[1:-1]
                for code in (*range(0x20), *range(0x7f, 0xa0), 0x2028, 0x2029)}


class Location(NamedTuple):
    """A 1-based position in a file; line and column 1 when only the file is known.

    A named tuple rather than a dataclass: a check makes one for every field of every
    entry (70,000 at 10,000 terms), and a tuple is made several times faster. (It also
    equals the plain tuple ``(path, line, column)``.)
    """

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when below it, as compilers print paths."""
    absolute = os.path.abspath(path)  # not resolve(): a link is named as given, and a link loop is no error here
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith(os.pardir) else relative


@dataclass(frozen=True)
class Diagnostic:
    """One problem, printed as ``path:line:col: error: message``: always one line, since a
    file's name and the text a message quotes come from the project, which may hold any
    character (editors and CI logs read one problem per line)."""

    location: Location
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}".translate(_UNPRINTABLE)


class GlossaryError(Exception):
    """Raised when a step cannot go on; carries every problem found so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=_sort_key)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def _sort_key(diagnostic: Diagnostic) -> tuple[str, int, int]:
    """File and position; problems at one position keep the order they were found in."""
    location = diagnostic.location
    return (str(location.path), location.line, location.column)


def counted(count: int, noun: str) -> str:
    """``1 term``, ``3 terms``: every count the tools print reads as English."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix naming the nearest candidate, or nothing."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


class ToolError(Exception):
    """A program a step needs (Graphviz, MkDocs) is missing or failed; nothing was replaced."""


class Lines:
    """Offsets of a text turned into 1-based lines and columns, for positioned errors.

    Line starts are found once, so many lookups in one text cost no more than one pass.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based position (0 past the end)."""
        return self.starts[line - 1] + column - 1 if line <= len(self.starts) else 0

    def location(self, path: Path, offset: int) -> Location:
        line = bisect.bisect_right(self.starts, offset)
        return Location(path, line, offset - self.starts[line - 1] + 1)
