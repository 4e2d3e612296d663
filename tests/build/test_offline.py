"""The copy of the site read from disk: site.zip, opened from file:// in Chromium."""

from __future__ import annotations

import json
import os
import re

import pytest

from mesa_glossary.assets import SITE_FILES_DIR
from tests.support.projects import REPO
from tests.support.site import broken_links


def test_the_copy_has_every_page_and_the_pdf_and_no_broken_link(unpacked):
    assert (unpacked / "index.html").is_file()
    assert (unpacked / "terms" / "mesa-optimizer.html").is_file()
    assert (unpacked / "glossary.pdf").is_file()
    assert not (unpacked / "terms" / "mesa-optimiser").exists(), "alias redirects are for links from the web"
    assert broken_links(unpacked, from_disk=True) == []






def test_the_copys_404_page_loads_its_styles_and_scripts_from_the_copy(unpacked):
    page = (unpacked / "404.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:href|src)="/(?!/)', page), "no address from the file system's root"
    for address in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))"', page):
        assert (unpacked / address).is_file(), address


@pytest.mark.parametrize(("vendored", "package", "inside"), [
    ("iframe-worker-shim.js", "iframe-worker", "shim/index.js"),        # offline search
    ("panzoom.min.js", "@panzoom/panzoom", "dist/panzoom.min.js"),      # the explorable map
])
def test_a_vendored_script_is_its_npm_package_unchanged(vendored, package, inside):
    copy = SITE_FILES_DIR / "javascripts" / "vendor" / vendored
    folder = REPO / "node_modules" / package
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"node_modules/{package} is missing: 'make test' installs it (npm ci)")
        pytest.skip(f"node_modules/{package} is missing: run 'make test' (npm ci)")
    assert copy.read_bytes() == (folder / inside).read_bytes()
    locked = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"][package]
    assert json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"] == locked
