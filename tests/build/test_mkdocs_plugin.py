"""The MkDocs plugin: plain ``mkdocs build`` builds the glossary as ``mesa-glossary build``
does, reports a broken glossary as MkDocs reports errors, and needs little configuration."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.projects import buildable, copy_project

MKDOCS = [sys.executable, "-m", "mkdocs"]


def test_plain_mkdocs_build_makes_the_pages_mesa_glossary_build_makes(built, tmp_path):
    _, site = built
    project = copy_project(tmp_path / "project")
    result = subprocess.run([*MKDOCS, "build", "-q", "-d", str(tmp_path / "plain")], cwd=project.root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    plain = tmp_path / "plain"
    for page in ("index.html", "terms/mesa-optimizer/index.html", "sources/index.html", "map/index.html",
                 "terms/mesa-optimiser/index.html", "glossary.json", "embed.js"):
        assert (plain / page).read_bytes() == (site / page).read_bytes(), page
    assert (plain / "pagefind" / "pagefind-entry.json").is_file(), "the plugin indexes the site for search"


def test_plain_mkdocs_build_reports_a_broken_glossary_at_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    term = project.terms_dir / "mesa-optimizer.yaml"
    term.write_text(term.read_text(encoding="utf-8").replace("mesa-optimizer.", "mesa-optimiser."), encoding="utf-8")
    result = subprocess.run([*MKDOCS, "build", "-q", "-d", str(tmp_path / "site")], cwd=project.root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert re.search(r"glossary/terms/mesa-optimizer\.yaml:\d+:\d+: error: quote not found", result.stderr)
    assert "Traceback" not in result.stderr


def test_a_minimal_mkdocs_yml_is_enough(tmp_path):
    maker = buildable(tmp_path / "project")
    (maker.root / "mkdocs.yml").write_text("site_name: Notes\ntheme: material\nplugins: [search, mesa-glossary]\n",
                                           encoding="utf-8")
    result = subprocess.run([*MKDOCS, "build", "-q", "--strict"], cwd=maker.root, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    page = (maker.root / "site" / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    assert "<title>Mesa-optimizer - Test Glossary</title>" in page, "the title comes from glossary/site.yaml"
    assert '<link rel="canonical" href="https://glossary.test/terms/mesa-optimizer/">' in page
    assert 'src="../../embed.js"' in page and "stylesheets/glossary.css" in page
    assert (maker.root / "site" / "terms" / "mesa-optimiser" / "index.html").is_file()  # an alias redirect


def test_the_plugin_needs_a_glossary_project(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Notes\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Notes\nplugins: [mesa-glossary]\n", encoding="utf-8")
    result = subprocess.run([*MKDOCS, "build", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "glossary/sources.yaml is missing" in result.stderr
    assert "Traceback" not in result.stderr
