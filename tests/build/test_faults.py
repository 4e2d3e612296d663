"""Faults: a killed or concurrent build, a full disk, a stuck Graphviz, a cache cut short.

Whatever happens, the last good site stays whole, at every moment, and the next build
works; a fault is one line that says what happened, never a traceback or a hang.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.publish.staging import MARKER
from mesa_glossary.render.conceptmap import lay_out, map_specs
from tests.support.projects import buildable

CLI = [sys.executable, "-m", "mesa_glossary.cli"]


def _site_is_whole(site: Path) -> None:
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    for term in data["terms"]:
        assert (site / "terms" / term["slug"] / "index.html").is_file()


def test_a_stuck_dot_is_stopped_and_reported(site_maker, tmp_path, monkeypatch):
    pid_file = tmp_path / "dot.pid"
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 600\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    glossary = load_glossary(site_maker.project)
    started = time.monotonic()
    with pytest.raises(ToolError, match=r"'dot' did not finish in 1 s and was stopped"):
        lay_out(map_specs(glossary), None, dot_timeout=1)
    assert time.monotonic() - started < 30
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed, not left running


def test_a_cached_layout_cut_short_is_laid_out_again(site_maker, tmp_path):
    glossary = load_glossary(site_maker.project)
    cache = tmp_path / "cache"
    whole = lay_out(map_specs(glossary), cache)
    for cached in cache.glob("*.svg"):
        cached.write_bytes(cached.read_bytes()[: len(cached.read_bytes()) // 2])  # a full disk, a killed build
    assert lay_out(map_specs(glossary), cache) == whole
    assert all(cached.read_text(encoding="utf-8").rstrip().endswith("</svg>") for cached in cache.glob("*.svg"))
    assert not list(cache.glob("*.tmp"))


def test_leftovers_of_killed_builds_are_removed_and_others_kept(site_maker):
    project = site_maker.project
    dead = project.root / ".site.new-999999999-abcd"  # no such process
    running = project.root / f".site.new-{os.getpid()}-abcd"
    unmarked = project.root / ".site.new-999999998-abcd"
    for folder in (dead, running, unmarked):
        folder.mkdir()
        (folder / "index.html").write_text("half a site", encoding="utf-8")
    (dead / MARKER).write_text("", encoding="utf-8")
    (running / MARKER).write_text("", encoding="utf-8")
    pipeline.build(project, downloads=False)
    assert not dead.exists()
    assert running.exists() and unmarked.exists()
    _site_is_whole(project.site_dir)


def test_the_site_exists_at_every_moment_of_a_rebuild(site_maker):
    project = site_maker.project
    pipeline.build(project, downloads=False)
    missing: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (project.site_dir / "index.html").is_file():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(2):
            pipeline.build(project, downloads=False)
    finally:
        done.set()
        watcher.join()
    assert missing == []
    _site_is_whole(project.site_dir)


def test_concurrent_builds_take_turns_and_leave_a_whole_site(site_maker):
    root = site_maker.root
    builds = [subprocess.Popen([*CLI, "build", "--site-only", str(root)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for build in builds:
        out, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
        assert "Traceback" not in err
    _site_is_whole(root / "site")
    assert not [p for p in root.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]


def test_a_killed_build_leaves_the_last_site_and_the_next_build_cleans_up(site_maker):
    root = site_maker.root
    pipeline.build(site_maker.project, downloads=False)
    before = (root / "site" / "glossary.json").read_bytes()
    site_maker.term("optimizer", (root / "glossary/terms/optimizer.yaml").read_text() + "aliases: [opt]\n")
    build = subprocess.Popen([*CLI, "build", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    assert build.stderr is not None
    for line in build.stderr:  # the site is built in its staging folder; the PDF comes next
        if line.startswith("pdf: laying out"):
            break
    assert any(p.name.startswith(".site.new-") for p in root.iterdir())
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert (root / "site" / "glossary.json").read_bytes() == before
    _site_is_whole(root / "site")
    pipeline.build(site_maker.project, downloads=False)
    assert not [p for p in root.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]
    assert "opt" in (root / "site" / "glossary.json").read_text(encoding="utf-8")


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 24 MB file system of its own (tmpfs; the tests run as root in CI)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True,
                            check=False)
    if result.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs for the full-disk test: {result.stderr.decode().strip()}")
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` until about ``leave`` bytes are free."""
    free = shutil.disk_usage(disk).free
    with (disk / "filler").open("wb") as filler:
        filler.write(b"\0" * max(0, free - leave))


def test_a_full_disk_is_one_line_and_the_last_site_stays(small_disk):
    root = small_disk / "project"
    buildable(root)
    first = subprocess.run([*CLI, "build", "--site-only", str(root)], capture_output=True, text=True, check=False,
                           timeout=300)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in sorted((root / "site").rglob("*.html"))}
    (root / "glossary/terms/optimizer.yaml").write_text(
        (root / "glossary/terms/optimizer.yaml").read_text() + "aliases: [opt]\n", encoding="utf-8")
    shutil.rmtree(root / "build")  # every page must be rendered anew
    _fill(small_disk, 16 * 1024)
    for command in (["render"], ["build", "--site-only"], ["pdf"], ["urls", "--update"]):
        result = subprocess.run([*CLI, *command, str(root)], capture_output=True, text=True, check=False, timeout=300)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert ": error: " in result.stderr
        assert "No space left on device" in result.stderr or "no space" in result.stderr.lower(), result.stderr
    assert {p: p.read_bytes() for p in sorted((root / "site").rglob("*.html"))} == before
    assert not list(small_disk.rglob("*.tmp"))
    (small_disk / "filler").unlink()
    again = subprocess.run([*CLI, "build", "--site-only", str(root)], capture_output=True, text=True, check=False,
                           timeout=300)
    assert again.returncode == 0, again.stderr
