"""Reading the files a project or an author hands the tools, whatever stands at the path.

An input path may name a named pipe (reading it waits for ever), a device (it may never
end), a folder, a socket, a link loop or a file of gigabytes. Every tool reads its
inputs through :func:`read_regular_file`, which opens without blocking, checks what it
opened (not the path, which may change in between) and reads at most a limit, so each
of those is a clear error instead of a hang or an exhausted machine.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
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
    :class:`UnreadableFile` saying why."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        reason = "too many levels of symbolic links (a link loop?)" if error.errno == errno.ELOOP else error.strerror
        raise UnreadableFile(f"cannot read file: {reason}") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise UnreadableFile(f"cannot read file: it is {file_kind(status.st_mode)}, not a regular file")
    with os.fdopen(descriptor, "rb") as opened:
        size = status.st_size
        data = opened.read(size + 1) if size <= max_bytes else b""
        if size < len(data) <= max_bytes:  # it grew while it was read
            data += opened.read(max_bytes + 1 - len(data))
    if max(size, len(data)) > max_bytes:
        raise UnreadableFile(f"file is {max(size, len(data)):,} bytes; the limit is {describe_size(max_bytes)}")
    return data
