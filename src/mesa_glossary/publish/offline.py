"""The copy of the site that readers download and open from disk: ``site.zip``.

The hosted site serves directory URLs (``/terms/<slug>/``), which a browser cannot open
from ``file://`` (it shows the folder, not its ``index.html``), and its search fetches
an index, which ``file://`` forbids. So the copy is a second build of the same pages
with ``.html`` URLs and Material's offline plugin (search index as a script, the Web
Worker shim served from the copy itself), zipped into the hosted site for download.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from mesa_glossary.core.model import Glossary
from mesa_glossary.core.urls import OFFLINE_ZIP, slugify

#: A root-relative address in an attribute ("/assets/…"), not a protocol-relative one ("//host").
_ROOT_RELATIVE = re.compile(r'((?:href|src)=")/(?!/)')


def build_offline_copy(glossary: Glossary, site_dir: Path, build_copy: Callable[[Path], None], *,
                       include: Iterable[str] = ()) -> Path:
    """Build the copy read from disk with ``build_copy`` and zip it as ``site_dir/site.zip``.

    ``build_copy`` builds the site's pages in their offline form into the folder it is
    given (the site engine's job: :func:`mesa_glossary.adapters.mkdocs.engine.build_site`).
    ``include`` names files already in ``site_dir`` (the PDF) that the copy carries too.
    The zip holds one folder named after the glossary, with ``index.html`` at its top.
    """
    # Inside the site's staging folder: a killed build leaves nothing anywhere else.
    with tempfile.TemporaryDirectory(prefix=".offline-", dir=site_dir) as work:
        copy = Path(work) / (slugify(glossary.site.title) or "glossary")
        build_copy(copy)
        for name in include:
            shutil.copy2(site_dir / name, copy / name)
        for crawler_file in ("sitemap.xml", "sitemap.xml.gz"):  # for search engines, of the hosted site
            (copy / crawler_file).unlink(missing_ok=True)
        _relative_from_root(copy / "404.html")
        archive = shutil.make_archive(str(site_dir / OFFLINE_ZIP.removesuffix(".zip")), "zip",
                                      root_dir=work, base_dir=copy.name)
        return Path(archive)


def _relative_from_root(page: Path) -> None:
    """The 404 page is written for any depth of a hosted site, so its addresses start at the
    server's root (``/assets/…``); from disk that is the file system's root. It sits at the
    copy's top, so the same addresses without the leading ``/`` are right."""
    if page.is_file():
        page.write_text(_ROOT_RELATIVE.sub(r"\1", page.read_text(encoding="utf-8")), encoding="utf-8")
