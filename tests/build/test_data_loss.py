"""Output options never destroy what the tools did not make (issue: 'build -d .' replaced the project).

Each tool writes only into a new or empty folder, or one it marked as its own output;
never through a symbolic link; never over a device, a pipe or a file that is not its own.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mesa_glossary.publish.staging import MARKER


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and "build" not in path.parts}


def test_build_into_the_project_itself_is_refused_and_loses_nothing(site_maker, run, monkeypatch):
    monkeypatch.chdir(site_maker.root)
    before = _snapshot(site_maker.root)
    for target in (".", "..", "glossary", "docs/out", "seeds"):
        result = run("build", "--site-only", "-d", target)
        assert result.code == 1
        assert ": error: " in result.err and ("project" in result.err)
    assert _snapshot(site_maker.root) == before


def test_build_and_render_refuse_a_folder_they_did_not_make(site_maker, run, tmp_path):
    folder = tmp_path / "my-files"
    folder.mkdir()
    (folder / "thesis.tex").write_text("years of work", encoding="utf-8")
    for args in (("build", "--site-only", "-d", folder), ("render", "-o", folder)):
        result = run(*args, site_maker.root)
        assert result.code == 1
        assert "my-files: error: is not empty and was not made by mesa-glossary" in result.err
        assert sorted(p.name for p in folder.iterdir()) == ["thesis.tex"]
        assert (folder / "thesis.tex").read_text(encoding="utf-8") == "years of work"


def test_an_empty_or_marked_folder_is_used_and_marked(site_maker, run, tmp_path):
    out = tmp_path / "rendered"
    out.mkdir()
    assert run("render", "-o", out, site_maker.root).code == 0
    assert (out / MARKER).is_file() and (out / "terms" / "optimizer.md").is_file()
    assert run("render", "-o", out, site_maker.root).code == 0  # marked: ours to update


def test_an_output_folder_that_is_a_link_is_refused(site_maker, run, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    link = tmp_path / "out"
    link.symlink_to(elsewhere)
    result = run("render", "-o", link, site_maker.root)
    assert result.code == 1 and "symbolic link" in result.err
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]


def test_a_link_planted_in_the_rendered_folder_is_replaced_not_written_through(site_maker, run, tmp_path):
    assert run("render", site_maker.root).code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    planted = site_maker.root / "build" / "docs" / "terms" / "optimizer.md"
    planted.unlink()
    planted.symlink_to(victim)
    (site_maker.root / "build" / "docs" / "extra").symlink_to(tmp_path)  # a linked folder, stale
    site_maker.term("optimizer", (site_maker.root / "glossary/terms/optimizer.yaml").read_text() + "aliases: [opt]\n")
    assert run("render", site_maker.root).code == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not planted.is_symlink() and "Optimizer" in planted.read_text(encoding="utf-8")
    assert not (site_maker.root / "build" / "docs" / "extra").exists()
    assert (tmp_path / "victim.txt").exists()


@pytest.mark.parametrize("kind", ["fifo", "symlink", "device", "folder-link", "not-a-pdf"])
def test_pdf_replaces_only_a_regular_pdf(site_maker, run, tmp_path, kind):
    target = tmp_path / "book.pdf"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        target.symlink_to(victim)
    elif kind == "device":
        try:
            os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # what /dev/null is
        except PermissionError:
            pytest.skip("making a device node needs root")  # CI runs as root
    elif kind == "folder-link":
        target.symlink_to(tmp_path)
    else:
        target.write_text("my notes", encoding="utf-8")
    before = target.lstat()
    result = run("pdf", "-o", target, site_maker.root)
    assert result.code == 1
    assert "book.pdf: error:" in result.err
    after = target.lstat()
    assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
    assert victim.read_text(encoding="utf-8") == "precious"
    if kind == "not-a-pdf":
        assert target.read_text(encoding="utf-8") == "my notes"


def test_schema_does_not_write_through_a_linked_folder(site_maker, run, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site_maker.root / "schema").symlink_to(elsewhere)
    result = run("schema", site_maker.root)
    assert result.code == 1 and "symbolic link" in result.err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling-link"])
def test_a_manifest_that_is_not_a_file_is_an_error_not_an_empty_manifest(site_maker, run, kind):
    manifest = site_maker.project.url_manifest
    if kind == "folder":
        manifest.mkdir()
    elif kind == "fifo":
        os.mkfifo(manifest)
    else:
        manifest.symlink_to(site_maker.root / "nowhere.txt")
    result = run("render", site_maker.root)
    assert result.code == 1
    assert "published-urls.txt" in result.err and ": error: " in result.err
    assert not (site_maker.root / "build" / "docs").exists()


def test_docs_may_not_publish_files_from_outside_the_project(site_maker, run, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY", encoding="utf-8")
    (site_maker.root / "docs" / "key.txt").symlink_to(secret)
    result = run("render", site_maker.root)
    assert result.code == 1
    assert "docs/key.txt:1:1: error: links to a file outside the project" in result.err
    assert not (site_maker.root / "build").exists() or not list((site_maker.root / "build").rglob("key.txt"))


def test_a_pipe_in_docs_is_an_error_not_a_hang(site_maker, run):
    os.mkfifo(site_maker.root / "docs" / "pipe.md")
    result = run("render", site_maker.root)
    assert result.code == 1
    assert "docs/pipe.md:1:1: error: cannot read file: it is a named pipe, not a regular file" in result.err
