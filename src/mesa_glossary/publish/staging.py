"""Everything the tools write, written so that nothing else is ever lost.

The rules, in the order a user meets them:

- **A tool replaces only what it made.** Every output folder holds a marker file
  (:data:`MARKER`); a folder that exists, is not empty and has no marker is someone
  else's, and the tool refuses it with a clear error instead of emptying it. The
  default outputs inside a project (``site/``, ``build/``) are the project's own and
  need no marker. No output folder may be, contain or lie inside the project's sources.
- **Never through a link, never over a device.** An output that is a symbolic link, a
  named pipe, a device or a socket is refused; files are opened with ``O_NOFOLLOW``, so
  a link planted inside an output folder is replaced, never written through.
- **Never half a result.** A site is built in a fresh folder beside its target and
  exchanged with it in one atomic step (``renameat2(RENAME_EXCHANGE)``), so ``site/``
  exists at every moment and readers see the old site or the new one. A file is written
  beside its target and renamed over it. A failed or killed build leaves the last good
  output; what a killed build left behind is cleaned up by the next one.
- **One build at a time.** Builds of one project share ``build/`` (rendered pages,
  caches), so they take turns (:func:`project_lock`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mesa_glossary.core.files import entry_status, file_kind, refusal, write_new_file
from mesa_glossary.core.project import PARTS

#: The file that marks a folder as a tool's output, which its next run may replace.
MARKER = ".mesa-glossary-output"
_MARKER_TEXT = b"Made by mesa-glossary. The next build replaces this folder and everything in it.\n"
#: How long a build waits for another build of the same project before giving up.
LOCK_WAIT_SECONDS = 600.0
#: Folders left beside a target by a build that was killed: ``.site.new-<pid>-…``.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:new|old)-(?P<pid>\d+)-")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def claim_folder(target: Path, *, project_root: Path, default: bool = False) -> Path:
    """Check that ``target`` may be replaced by a tool's output; return it absolute.

    ``default`` marks the project's own output folders (``site/``, ``build/…``), which
    may exist without a marker (they predate it). Anything else must be new, empty or
    marked as an earlier output.
    """
    target = Path(os.path.abspath(target))
    status = entry_status(target)
    if status is not None and stat.S_ISLNK(status.st_mode):
        raise refusal(target, "is a symbolic link; give the output folder itself, the tools never write through a link")
    root = project_root.resolve()
    real = target.resolve()
    if real == root or root.is_relative_to(real):
        raise refusal(target, "would replace the glossary project itself; give a new or empty folder for the output")
    for part in PARTS:
        if real.is_relative_to(root / part):
            raise refusal(target, f"is inside the project's {part}/ folder; outputs go to a folder of their own")
    if status is None:
        return target
    if not stat.S_ISDIR(status.st_mode):
        raise refusal(target, f"exists and is {file_kind(status.st_mode)}, not a folder; give a new or empty folder")
    if default or (target / MARKER).is_file():
        return target
    with os.scandir(target) as entries:
        if next(entries, None) is not None:
            raise refusal(target, "is not empty and was not made by mesa-glossary; the tools replace only their own "
                          "output: give a new or empty folder")
    return target


def mark(folder: Path) -> None:
    """Mark ``folder`` as a tool's output, which later runs may replace."""
    write_new_file(folder / MARKER, _MARKER_TEXT)


@contextmanager
def staged_folder(target: Path, *, project_root: Path, default: bool = False) -> Iterator[Path]:
    """A new, marked, empty folder beside ``target``; it replaces ``target`` when the block succeeds.

    ``target`` is checked first (:func:`claim_folder`); leftovers of killed builds
    beside it are removed.
    """
    target = claim_folder(target, project_root=project_root, default=default)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        mark(staging)
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_into_place(staging, target)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, so that at no moment is there no ``target``.

    Linux exchanges two folders in one step; where it cannot (another OS, an old kernel
    or a file system without it), two renames leave ``target`` missing for a moment.
    """
    if target.exists():
        if _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # it now holds the old site
            return
        retired = target.with_name(f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
        target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(target)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with ``renameat2``; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _remove_leftovers(target: Path) -> None:
    """Remove the staging folders of builds of ``target`` that were killed half-way.

    Only marked folders of processes that no longer run: a build running now keeps its own.
    """
    with os.scandir(target.parent) as entries:
        for entry in entries:
            match = _LEFTOVER.match(entry.name)
            if (match and match["name"] == target.name and not _running(int(match["pid"]))
                    and entry.is_dir(follow_symlinks=False) and os.path.isfile(os.path.join(entry.path, MARKER))):
                shutil.rmtree(entry.path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def project_lock(lock_file: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold ``lock_file`` for the block: two builds of one project take turns.

    Builds share the rendered pages and caches in ``build/``; two at once would mix
    their pages. The lock is the kernel's (``flock``), so a killed build never leaves
    it held.
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise refusal(lock_file, f"another build of this project has held this lock for {wait:.0f} s; "
                                  "wait for it or stop it") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


@dataclass(frozen=True)
class WriteSummary:
    written: int
    removed: int
    unchanged: int


def write_tree(files: Mapping[str, bytes], out_dir: Path) -> WriteSummary:
    """Make ``out_dir`` hold exactly ``files``: write what differs, remove what is stale.

    Updating in place (not rebuilding) keeps ``mkdocs serve`` from rebuilding for
    nothing. ``out_dir`` is a tool's output (checked by the caller with
    :func:`claim_folder`), so anything in it that is not one of ``files`` (a link, a
    pipe, a stale page) is removed rather than written through.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    found = _entries(out_dir)
    if MARKER not in found:
        mark(out_dir)
    written = unchanged = removed = 0
    folders = {""}
    for relative_path, content in files.items():
        _make_folders(out_dir, relative_path, found, folders)
        target = out_dir / relative_path
        kind = found.get(relative_path)
        if kind == "file" and _same_content(target, content):
            unchanged += 1
            continue
        if kind is not None:
            _remove(target, kind)
        write_new_file(target, content)
        written += 1
    keep = {*files, MARKER}
    for relative_path, kind in sorted(found.items(), reverse=True):
        if not os.path.lexists(out_dir / relative_path):  # inside something already replaced
            continue
        if kind != "folder" and relative_path not in keep:
            _remove(out_dir / relative_path, kind)
            removed += kind == "file"
        elif kind == "folder" and relative_path not in folders and not any(os.scandir(out_dir / relative_path)):
            (out_dir / relative_path).rmdir()
    return WriteSummary(written, removed, unchanged)


def _entries(folder: Path) -> dict[str, str]:
    """Everything below ``folder`` by relative path: ``file``, ``folder`` or ``other``
    (links included: the walk never follows one)."""
    found: dict[str, str] = {}
    for parent, folders, names in os.walk(folder):
        base = os.path.relpath(parent, folder)
        prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
        for name in [*folders, *names]:
            mode = os.lstat(os.path.join(parent, name)).st_mode
            found[prefix + name] = "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"
    return found


def _make_folders(out_dir: Path, relative_path: str, found: dict[str, str], made: set[str]) -> None:
    """Create the folders above ``relative_path``, replacing whatever else stands in their place."""
    parts = relative_path.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if folder in made:
            continue
        kind = found.get(folder)
        if kind not in (None, "folder"):
            _remove(out_dir / folder, kind)
            kind = None
        if kind is None:
            (out_dir / folder).mkdir()
            found[folder] = "folder"
        made.add(folder)


def _same_content(path: Path, content: bytes) -> bool:
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as existing:
            return os.fstat(existing.fileno()).st_size == len(content) and existing.read() == content
    return False


def _remove(path: Path, kind: str) -> None:
    if kind == "folder":
        shutil.rmtree(path)
    else:
        path.unlink()
