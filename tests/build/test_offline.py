"""The copy of the site read from disk: site.zip, opened from file:// in Chromium."""

from __future__ import annotations

import json
import os

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






def test_the_vendored_search_shim_is_the_npm_package_unchanged():
    vendored = SITE_FILES_DIR / "javascripts" / "vendor" / "iframe-worker-shim.js"
    package = REPO / "node_modules" / "iframe-worker"
    if not package.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules/iframe-worker is missing: 'make test' installs it (npm ci)")
        pytest.skip("node_modules/iframe-worker is missing: run 'make test' (npm ci)")
    assert vendored.read_bytes() == (package / "shim" / "index.js").read_bytes()
    locked = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["iframe-worker"]
    assert json.loads((package / "package.json").read_text(encoding="utf-8"))["version"] == locked
