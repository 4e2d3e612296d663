"""Fixtures of the attack suite: a small project that builds, and the command line run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mesa_glossary import cli
from tests.conftest import REPO, ProjectMaker


def buildable(root: Path) -> ProjectMaker:
    """The test project with the theme files a real build needs (mkdocs.yml, overrides, docs)."""
    maker = ProjectMaker(root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for part in ("docs",):
        shutil.copytree(REPO / part, root / part, dirs_exist_ok=True)
    maker.write("docs/index.md", "# Home\n\nSee the [A–Z index](terms/index.md).\n")
    return maker


@pytest.fixture
def site_maker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProjectMaker:
    monkeypatch.chdir(tmp_path)
    return buildable(tmp_path / "project")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``mesa-glossary ARGS`` in this process: its exit code and what it printed."""

    def invoke(*args: str) -> Run:
        code = cli.main([str(arg) for arg in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Run(code, captured.out, captured.err)

    return invoke
