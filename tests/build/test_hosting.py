"""What a hosted reference site carries besides its pages: robots.txt and the sitemap,
headers for Netlify and Cloudflare Pages, schema.org JSON-LD, a link-preview picture per
term, and (when site.yaml names them) the repository, edit links and the licence."""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from mesa_glossary import pipeline
from tests.support.projects import copy_project

PUBLIC = "https://mesa-glossary.example.org/"


def test_robots_txt_lets_crawlers_in_and_names_the_sitemap(built):
    _, site = built
    assert (site / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {PUBLIC}sitemap.xml\n")
    assert (site / "sitemap.xml").is_file()


def test_the_headers_file_shares_the_data_and_caches_fingerprinted_files(built):
    _, site = built
    headers = (site / "_headers").read_text(encoding="utf-8")
    for shared in ("/glossary.json", "/glossary.jsonld", "/embed.js", "/changes.xml", "/schema/*"):
        assert f"\n{shared}\n  Access-Control-Allow-Origin: *\n" in headers
    assert "\n/assets/javascripts/*\n  Cache-Control: public, max-age=31536000, immutable\n" in headers
    assert list(site.glob("assets/javascripts/bundle.*.min.js")), "Material's files are fingerprinted"
    assert "\n/javascripts/*\n  Cache-Control: public, max-age=3600, must-revalidate\n" in headers


def test_a_term_page_carries_a_defined_term_in_its_glossarys_set(built):
    _, site = built
    page = (site / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = json.loads(block)
    assert data["@type"] == "DefinedTerm" and data["name"] == "Mesa-optimizer"
    assert data["url"] == f"{PUBLIC}terms/mesa-optimizer/" and data["termCode"] == "mesa-optimizer"
    assert "inner optimizer" in data["alternateName"]
    assert data["inDefinedTermSet"] == {"@type": "DefinedTermSet", "@id": PUBLIC, "name": "Mesa Glossary",
                                        "url": PUBLIC}


def test_every_term_has_a_link_preview_picture_of_its_name(built):
    project, site = built
    page = (site / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{PUBLIC}social/mesa-optimizer.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    pictures = sorted(site.glob("social/*.png"))
    assert len(pictures) == len(list(project.terms_dir.glob("*.yaml")))
    image = Image.open(io.BytesIO((site / "social" / "mesa-optimizer.png").read_bytes()))
    assert image.size == (1200, 630)
    assert len(image.getcolors(256) or []) > 4, "text in several shades, not a blank picture"


def test_site_yaml_can_name_the_repository_edit_links_and_licence(tmp_path):
    project = copy_project(tmp_path / "project")
    site_file = project.site_file
    site_file.write_text(site_file.read_text(encoding="utf-8") + (
        "repository: https://github.com/someone/glossary\n"
        "edit_url: https://github.com/someone/glossary/edit/main/\n"
        "license: CC BY 4.0 <all>\n"
        "license_url: https://creativecommons.org/licenses/by/4.0/\n"), encoding="utf-8")
    _, site = pipeline.build(project, downloads=False)
    term = (site / "terms" / "mesa-optimizer" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/someone/glossary/edit/main/glossary/terms/mesa-optimizer.yaml"' in term
    assert 'href="https://github.com/someone/glossary"' in term  # the header's repository link
    assert ('Content licensed under <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0 &lt;all&gt;</a>'
            in term)
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/someone/glossary/edit/main/docs/about.md"' in about
    index = (site / "terms" / "index.html").read_text(encoding="utf-8")
    assert "/edit/main/" not in index, "a generated page has nothing to edit"
    data = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', term, re.DOTALL)[0])
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
