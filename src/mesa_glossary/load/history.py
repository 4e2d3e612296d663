"""When each term was first published and last changed, read from the project's git history.

One ``git log`` over the terms folder, oldest commit first, gives every term file's
commits (following renames). Outside a git checkout, in a shallow clone (whose oldest
commit is not the first), or without git, there is simply no history: pages then say
nothing about dates rather than something false.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from mesa_glossary.core.model import Change, TermHistory
from mesa_glossary.core.project import Project

#: Separators git cannot find in a commit's date, hash or a path.
_RECORD = "\x1e"
_FIELD = "\x1f"
#: ``git log`` is quick (tens of milliseconds); a hung one must not hang the build.
GIT_TIMEOUT_S = 60


def read_history(project: Project, slugs: set[str]) -> tuple[dict[str, TermHistory], list[Change]]:
    """Each term's first and last commit date, by slug, and every commit that added or
    changed terms, newest first. Empty when the project has no usable git history."""
    log = _git_log(project.root, project.terms_dir)
    if log is None:
        return {}, []
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    changes: list[Change] = []
    for record in log.split(_RECORD)[1:]:
        header, _, body = record.partition("\n")
        commit, when = header.split(_FIELD)
        date = datetime.fromisoformat(when).astimezone(UTC)
        added: list[str] = []
        changed: list[str] = []
        for line in body.splitlines():
            status, *paths = line.split("\t")
            if not status or not paths:
                continue
            slug = Path(paths[-1]).stem
            if status.startswith("R") and len(paths) == 2:  # a renamed file keeps its history
                old = Path(paths[0]).stem
                if old in first:
                    first.setdefault(slug, first.pop(old))
            if status.startswith("D"):
                first.pop(slug, None)
                last.pop(slug, None)
                continue
            (changed if slug in first else added).append(slug)
            first.setdefault(slug, date)
            last[slug] = date
        added = [slug for slug in added if slug in slugs]
        changed = [slug for slug in changed if slug in slugs]
        if added or changed:
            changes.append(Change(commit, date, tuple(added), tuple(changed)))
    history = {slug: TermHistory(first[slug], last[slug]) for slug in slugs & first.keys()}
    return history, changes[::-1]


def _git_log(root: Path, terms_dir: Path) -> str | None:
    """The log of the terms folder, oldest first, or ``None`` when there is none to trust."""
    base = ["git", "-C", str(root)]
    try:
        shallow = subprocess.run([*base, "rev-parse", "--is-shallow-repository"], capture_output=True, text=True,
                                 timeout=GIT_TIMEOUT_S)
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return None
        log = subprocess.run([*base, "log", "--reverse", "--find-renames", "--name-status", "--no-color",
                              f"--format={_RECORD}%H{_FIELD}%cI", "--", str(terms_dir.relative_to(root))],
                             capture_output=True, text=True, timeout=GIT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    return log.stdout if log.returncode == 0 else None
