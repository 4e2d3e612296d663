"""The rendered Markdown builds with another engine: Zensical (Material's successor), which
runs no MkDocs plugin, with the glossary's theme template included."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml

from mesa_glossary import pipeline
from mesa_glossary.adapters.mkdocs.plugin import MARKDOWN_EXTENSIONS, SCRIPTS, STYLESHEETS
from mesa_glossary.assets import THEME_DIR
from tests.support.projects import copy_project


def test_zensical_builds_the_rendered_pages_with_the_theme_template(tmp_path):
    project = copy_project(tmp_path / "project")
    rendered = pipeline.render(project, tmp_path / "docs")
    site = rendered.published.glossary.site
    config = {"site_name": site.title, "site_url": site.url, "docs_dir": "docs", "site_dir": "site",
              "theme": {"name": "material", "custom_dir": str(THEME_DIR), "font": False},
              "extra_css": list(STYLESHEETS), "extra_javascript": list(SCRIPTS),
              "markdown_extensions": list(MARKDOWN_EXTENSIONS)}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Mesa-optimizer"' in page  # the template override ran
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert canonical.replace("&#x2f;", "/") == site.url + "terms/mesa-optimizer/"
    assert "mg-downloads" not in page, "no links to downloads that only mesa-glossary build makes"
    for script in SCRIPTS:
        assert f'src="../../{script}"' in page
    [cards] = re.findall(r'<script type="application/json" id="mg-cards">(.*?)</script>', page)
    assert json.loads(cards)["base-optimizer"]["name"] == "Base optimizer", "a page carries its cards, with no plugin"
    for alias_page in ("terms/mesa-optimiser/index.html", "terms/index.html", "map/index.html", "embed.js"):
        assert (tmp_path / "site" / alias_page).is_file(), alias_page
