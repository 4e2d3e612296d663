"""The copy of the site that readers download and open from disk: ``site.zip``.

The hosted site serves directory URLs (``/terms/<slug>/``), which a browser cannot open
from ``file://`` (it shows the folder, not its ``index.html``), and its search fetches
an index, which ``file://`` forbids. So the copy is a second build of the same pages
with ``.html`` URLs and Material's offline plugin (search index as a script, the Web
Worker shim served from the copy itself), zipped into the hosted site for download.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .addresses import OFFLINE_ZIP, slugify
from .model import Glossary
from .project import Project
from .render.tree import docs_tree
from .staging import write_tree


def build_offline_copy(project: Project, glossary: Glossary, site_dir: Path, *, include: Iterable[str] = ()) -> Path:
    """Build the copy read from disk and zip it as ``site_dir/site.zip``.

    ``include`` names files already in ``site_dir`` (the PDF) that the copy carries too.
    The zip holds one folder named after the glossary, with ``index.html`` at its top.
    """
    from .mkdocs_adapter import build_site

    write_tree(docs_tree(project, glossary, offline=True), project.offline_rendered_dir)
    with tempfile.TemporaryDirectory(prefix=".offline-", dir=site_dir) as work:  # inside: a killed build leaves nothing else
        copy = Path(work) / (slugify(glossary.site.title) or "glossary")
        build_site(project, glossary.site, copy, docs_dir=project.offline_rendered_dir, offline=True)
        for name in include:
            shutil.copy2(site_dir / name, copy / name)
        for crawler_file in ("sitemap.xml", "sitemap.xml.gz"):  # for search engines, of the hosted site
            (copy / crawler_file).unlink(missing_ok=True)
        archive = shutil.make_archive(str(site_dir / OFFLINE_ZIP.removesuffix(".zip")), "zip",
                                      root_dir=work, base_dir=copy.name)
        return Path(archive)
