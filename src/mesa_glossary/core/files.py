"""Reading the files a project or an author hands the tools, and replacing a file safely.

An input path may name a named pipe (reading it waits for ever), a device (it may never
end), a folder, a socket, a link loop or a file of gigabytes. Every tool reads its
inputs through :func:`read_regular_file`, which opens without blocking, checks what it
opened (not the path, which may change in between) and reads at most a limit, so each
of those is a clear error instead of a hang or an exhausted machine.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from mesa_glossary.core.diagnostics import ToolError, display_path


class UnreadableFileError(Exception):
    """What is wrong with an input file, in words; each tool reports it its own way."""


def file_kind(mode: int) -> str:
    """What a file system entry is, in words for an error message."""
    kinds = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def describe_size(count: int) -> str:
    """A limit as people read it: ``2 MiB``, ``500 bytes``."""
    return f"{count // (1024 * 1024)} MiB" if count >= 1024 * 1024 else f"{count:,} bytes"


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``; else
    :class:`UnreadableFileError` saying why.

    Read with ``os.read`` on the descriptor the checks were made on: a buffered file
    object around it cost as much again as the reading, for the thousands of small term
    files a check reads.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        reason = "too many levels of symbolic links (a link loop?)" if error.errno == errno.ELOOP else error.strerror
        raise UnreadableFileError(f"cannot read file: {reason}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFileError(f"cannot read file: it is {file_kind(status.st_mode)}, not a regular file")
        size = status.st_size
        data = _read_up_to(descriptor, size + 1) if size <= max_bytes else b""
        if size < len(data) <= max_bytes:  # it grew while it was read
            data += _read_up_to(descriptor, max_bytes + 1 - len(data))
    finally:
        os.close(descriptor)
    if max(size, len(data)) > max_bytes:
        raise UnreadableFileError(f"file is {max(size, len(data)):,} bytes; the limit is {describe_size(max_bytes)}")
    return data


def _read_up_to(descriptor: int, count: int) -> bytes:
    """Up to ``count`` bytes, fewer only at the file's end (``os.read`` may return less)."""
    pieces = []
    while count > 0 and (piece := os.read(descriptor, count)):
        pieces.append(piece)
        count -= len(piece)
    return b"".join(pieces)


def entry_status(path: Path) -> os.stat_result | None:
    """What stands at ``path`` itself (a link is not followed), or ``None`` when nothing does."""
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def refusal(path: Path, problem: str) -> ToolError:
    """The error for an output the tools will not write: ``path: error: problem``."""
    return ToolError(f"{display_path(path)}: error: {problem}")


def _open_new(path: Path) -> int:
    """A new file at ``path``, created here (never an existing file, never through a link)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that does not exist yet (``O_EXCL``)."""
    descriptor = _open_new(path)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def replace_file(target: Path, data: bytes, *, keep_mode: bool = False) -> None:
    """Write ``data`` beside ``target`` and rename it over ``target``: a reader sees the old
    file or the new one, never half of one, and a failed write leaves the old one.

    Only a regular file is replaced: a link, folder, pipe or device at ``target`` is an
    error. The temporary file is created here with ``O_EXCL``, so nobody's file can be
    written through it, with the usual permissions (the site publishes the PDF);
    ``keep_mode`` gives it those of the file it replaces instead (a post an author
    rewrites in place).
    """
    with replacing_file(target, keep_mode=keep_mode) as out:
        out.write(data)


@contextmanager
def replacing_file(target: Path, *, keep_mode: bool = False) -> Iterator[BinaryIO]:
    """A file to write, in pieces, that replaces ``target`` once the block ends without an
    error, as :func:`replace_file` does (for a file too large to hold in memory whole)."""
    status = entry_status(target)
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise refusal(target, f"exists and is {file_kind(status.st_mode)}; the tools replace only regular files")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    descriptor = _open_new(temporary)
    try:
        with os.fdopen(descriptor, "wb") as out:
            yield out
        if keep_mode and status is not None:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
