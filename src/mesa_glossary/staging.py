"""Build into a fresh folder (or file) and swap it into place only when every step passed.

A reader of the site (or a web server serving it) must never see half of a build, and
a failed build must leave the last good output as it was. Single files the tools write
(the PDF, the URL manifest, a linked post) are replaced the same way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A new empty folder beside ``target``; it replaces ``target`` when the block succeeds."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_into_place(staging, target)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` by renames, so a reader never sees a partial site."""
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        shutil.rmtree(retired, ignore_errors=True)
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def replace_file(target: Path, data: bytes, *, keep_mode: bool = False) -> None:
    """Write ``data`` beside ``target`` and rename it over ``target``: a reader sees the old
    file or the new one, never half of one, and a failed write leaves the old one.

    The temporary file is opened normally (not with ``mkstemp``), so a new file gets the
    usual permissions (the site publishes the PDF); ``keep_mode`` gives it those of the
    file it replaces instead (a post an author rewrites in place).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        if keep_mode:
            shutil.copymode(target, temporary)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
