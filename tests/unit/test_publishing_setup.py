"""What it takes to host the glossary: the GitHub Pages workflow (checked by actionlint),
the Makefile's publishing target, and the placeholder address refused for hosting."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from mesa_glossary.load.quality import placeholder_address
from mesa_glossary.load.validate import load_glossary
from tests.support.projects import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def test_the_pages_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or str(Path(REPO / ".venv" / "bin" / "actionlint"))
    result = subprocess.run([actionlint, "-no-color", str(WORKFLOW)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_builds_with_the_readmes_command_and_deploys_to_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = {step.get("uses", step.get("run")): step for step in build["steps"]}
    assert steps["actions/checkout@v6"]["with"]["fetch-depth"] == 0, "the dates need the whole history"
    assert "make publish" in steps
    assert steps["actions/upload-pages-artifact@v5"]["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v5"]
    assert "make publish" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_makefile_installs_debian_packages_through_sudo_unless_root():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "SUDO := $(if $(filter 0,$(shell id -u)),,sudo)" in makefile
    dry = subprocess.run(["make", "-n", "-C", str(REPO), "publish"], capture_output=True, text=True, timeout=60)
    assert "mesa-glossary build --for-hosting" in dry.stdout


def test_make_site_can_leave_out_the_pdf_and_the_zip():
    full = subprocess.run(["make", "-n", "-C", str(REPO), "site"], capture_output=True, text=True, timeout=60)
    pages = subprocess.run(["make", "-n", "-C", str(REPO), "site", "SITE_ONLY=1"], capture_output=True, text=True,
                           timeout=60)
    assert "mesa-glossary build" in full.stdout and "--site-only" not in full.stdout
    assert "mesa-glossary build --site-only" in pages.stdout


def test_a_placeholder_address_is_named_at_its_line(maker):
    assert str(placeholder_address(load_glossary(maker.project).site)).endswith(
        "glossary/site.yaml:2:6: warning: 'url' is https://glossary.test/, a placeholder: copied links, link "
        "previews, the PDF and the author tools would point there; set the address the site is published at "
        "(README, Publishing)")
    for url in ("https://mesa-glossary.example.org/", "http://localhost:8000/", "https://x.invalid/"):
        text = (maker.root / "glossary/site.yaml").read_text(encoding="utf-8")
        maker.write("glossary/site.yaml", text.replace("https://glossary.test/", url))
        assert placeholder_address(load_glossary(maker.project).site) is not None, url
        maker.write("glossary/site.yaml", text)
    text = (maker.root / "glossary/site.yaml").read_text(encoding="utf-8")
    maker.write("glossary/site.yaml", text.replace("https://glossary.test/", "https://someone.github.io/glossary/"))
    assert placeholder_address(load_glossary(maker.project).site) is None
