"""Fixtures shared by every layer of the suite (unit/, build/, browser/)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mesa_glossary import cli, pipeline
from mesa_glossary.core.project import Project
from mesa_glossary.render.exports import glossary_json
from tests.support.browser import chromium
from tests.support.projects import TEMPTING, ProjectMaker, buildable, copy_project, hostile_project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (``make test`` runs ``-n auto --dist loadgroup``), every browser test
    runs in one worker, with one Chromium, while the other workers take the rest; so does any
    other test that asks for the browser (Playwright's sync API runs once per process)."""
    for item in items:
        if "browser" in item.path.parts[-2:-1] or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The real glossary built once per test run, as ``make site`` builds it."""
    project = copy_project(tmp_path_factory.mktemp("real"))
    _, site = pipeline.build(project)
    return project, site


@pytest.fixture
def maker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProjectMaker:
    monkeypatch.chdir(tmp_path)
    return ProjectMaker(tmp_path / "project")


@pytest.fixture
def errors_for(maker: ProjectMaker) -> Callable[[str, str], list[str]]:
    """Replace one term file and return the errors the check reports."""

    def run(slug: str, text: str) -> list[str]:
        maker.term(slug, text)
        return maker.errors()

    return run


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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run (Debian's; see tests/support/browser.py)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def strict_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens a desktop page that fails the test on a console error, an uncaught error or a
    request to anything but the ``allowed`` URL prefixes: ``strict_page(base, "data:")``."""
    opened: list[tuple[Any, list[str], list[str]]] = []

    def open_page(*allowed: str, viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        outside: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda request: None if request.url.startswith(allowed) else outside.append(request.url))
        opened.append((context, problems, outside))
        return page

    yield open_page
    for context, problems, outside in opened:
        context.close()
        assert outside == [], "requests went elsewhere"
        assert problems == [], "console errors"


@pytest.fixture(scope="module")
def unpacked(built, tmp_path_factory) -> Path:
    """site.zip, unpacked as a reader would: one folder with index.html at its top."""
    _, site = built
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / "site.zip") as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        assert tops == {"mesa-glossary"}, "the zip holds one folder"
        archive.extractall(folder)
    return folder / "mesa-glossary"


@pytest.fixture
def glossary_file(maker, tmp_path) -> Path:
    """The fixture project's glossary.json, as the site would publish it."""
    path = tmp_path / "glossary.json"
    path.write_text(json.dumps(glossary_json(pipeline.check(maker.project))), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole site (PDF and ZIP included) built from a project with hostile text everywhere."""
    maker = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    maker.term("base-optimizer", f"""\
        term: 'Base <svg onload=alert(1)> optimizer'
        aliases: ['<img src=x onerror=alert(2)>']
        short: 'The training process <b onmouseover=alert(3)>that</b> searches.'
        definition: |
          {TEMPTING}
          It may produce an [[optimizer]].
        tags: [framework]
        related: [optimizer]
        references:
          - title: '<script>alert(4)</script>'
            url: https://example.org/paper
        """)
    _, site = pipeline.build(maker.project)
    return site


