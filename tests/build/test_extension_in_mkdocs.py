"""The Python-Markdown extension inside another MkDocs site, strict mode included."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _mkdocs_site(folder: Path, glossary_file: Path, page: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(page, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Someone else's notes
        theme: mkdocs
        markdown_extensions:
          - mesa_glossary:
              glossary: {glossary_file}
        """), encoding="utf-8")
    return folder


def test_the_extension_works_in_another_mkdocs_site(glossary_file, tmp_path):
    site = _mkdocs_site(tmp_path / "notes", glossary_file, "# Notes\n\nOn [[mesa-optimizer]]s.\n")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=site, check=True)
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a class="mesa-glossary-term" href="https://glossary.test/terms/mesa-optimizer/" ' in html


def test_strict_mkdocs_fails_on_an_unknown_term(glossary_file, tmp_path):
    site = _mkdocs_site(tmp_path / "notes", glossary_file, "# Notes\n\nOn [[mesa-optimiserz]].\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "WARNING -  [[mesa-optimiserz]] names no term of the glossary" in result.stderr


