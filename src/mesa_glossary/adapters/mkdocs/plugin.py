"""The MkDocs plugin: ``plugins: [mesa-glossary]`` in ``mkdocs.yml``.

``mkdocs build``, ``mkdocs serve`` and ``mkdocs gh-deploy`` then build the glossary like
any MkDocs site, and ``mesa-glossary build`` runs the same plugin. Each hook hands its
work to the layers below: the project is checked (:mod:`mesa_glossary.load`), its docs
tree assembled (:mod:`mesa_glossary.publish.tree`), every definition's HTML sanitised and
every page audited (:mod:`mesa_glossary.render.safe_html`), and the built site indexed
for search (:mod:`mesa_glossary.publish.search`). What is MkDocs-specific stays here:
reading ``mkdocs.yml``, adding the theme folder and the engine's scripts, and turning
the tree into MkDocs ``File`` objects.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from mesa_glossary import assets
from mesa_glossary.adapters.mkdocs.config import GlossaryConfig
from mesa_glossary.adapters.mkdocs.preview import Preview
from mesa_glossary.core.diagnostics import GlossaryError, Lines, ToolError
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import (
    CARDS_ELEMENT,
    EMBED_SCRIPT,
    FEED_FILE,
    OFFLINE_SEARCH_SHIM,
    OFFLINE_ZIP,
    PDF_FILE,
    SEARCH_NAMES_FILE,
    SITE_SCRIPT,
    STYLESHEET,
    search_worker_url,
)
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.publish.search import index_site
from mesa_glossary.publish.tree import docs_tree
from mesa_glossary.render import safe_html
from mesa_glossary.render.pages import DEFINITION_END, DEFINITION_START

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

#: The Markdown extensions the rendered pages are written for; added when ``mkdocs.yml``
#: leaves one out, so a minimal configuration builds the same pages.
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "toc", "pymdownx.escapeall",
                       "pymdownx.superfences", "mesa_glossary.render.verbatim")
#: The engine's stylesheet and scripts, loaded by every page: the cards (the same script
#: other sites load; each page carries its own cards' data) and the site's own script, in
#: this order.
STYLESHEETS = (STYLESHEET,)
SCRIPTS = (EMBED_SCRIPT, SITE_SCRIPT)
#: Theme features the generated pages rely on: a copy button on code blocks ("Cite this
#: term", the "Link to this glossary" page) and the edit link (when site.yaml has edit_url).
THEME_FEATURES = ("content.code.copy", "content.action.edit")

_DEFINITION = re.compile(re.escape(DEFINITION_START) + r"(.*?)" + re.escape(DEFINITION_END), re.DOTALL)


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Builds a glossary project's pages into an MkDocs site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.glossary: Glossary | None = None
        self.offline_copy = False
        #: A docs tree made already (``mesa-glossary build`` checked and rendered before
        #: MkDocs ran); used once instead of rendering again.
        self.prepared: dict[str, bytes] | None = None
        #: What the pages of the build under way would run or load, one line each.
        #: Reported after the last page, all at once, rather than from inside MkDocs'
        #: page loop (which would print each twice and wrap it in its own words).
        self.unsafe: list[str] = []
        #: How problems leave the plugin: as MkDocs' own error under ``mkdocs build``; as
        #: the glossary's, which MkDocs lets through unchanged, under ``mesa-glossary build``.
        self.error_type: type[Exception] = PluginError
        #: Under ``serve`` (this object then lives across rebuilds): the glossary is read
        #: anew for each build, and while it has errors the last good one is served with
        #: the errors shown on every page, where the author is looking.
        self.serving = False
        self.serve_errors: str | None = None
        #: Under ``serve``: the tree and site kept between rebuilds, which rebuild only what an edit changed.
        self.preview: Preview | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.preview = Preview(dirty=dirty) if self.serving else None

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.close()

    def prepare(self, glossary: Glossary, files: dict[str, bytes] | None) -> None:
        """Run for ``mesa-glossary build``: use a glossary already checked, and its docs tree if
        it was made, and report problems as the command line does (``path:line:col: error:``)."""
        self.glossary, self.prepared = glossary, files
        self.error_type = ToolError

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the project, take the site's name and address from ``glossary/site.yaml`` (the
        one place they are set: ``site_name`` in ``mkdocs.yml`` is only MkDocs' required
        placeholder, and ``site_url`` is left out of it) and add the engine's theme folder,
        scripts and stylesheet."""
        if self.preview is not None:
            self.preview.begin()  # first: the rebuild needs the cores Pagefind would take
        try:
            self.project = Project.at(Path(config.config_file_path).parent / self.config.project)
            if self.glossary is None or self.serving:
                self.glossary = load_glossary(self.project, history=True,
                                              memo=self.preview.parsed if self.preview is not None else None)
            self.serve_errors = None
        except GlossaryError as error:
            if not (self.serving and self.glossary is not None):
                raise PluginError(f"the glossary has errors:\n{error}") from None
            self.serve_errors = str(error)  # the pages of the last good glossary say what is wrong
            # Printed, not logged: MkDocs' strict mode would abort the build on a logged error.
            print(f"{error}\nthe preview shows the last good version until these are fixed", file=sys.stderr)
        site = self.glossary.site
        config.site_name = html.escape(site.title)  # the theme prints it unescaped
        config.site_url = config.site_url or site.url  # ``mkdocs serve`` sets its own address
        config.site_description = site.description or config.site_description
        if site.repository:
            config.repo_url = site.repository
        if site.license:  # the theme prints the copyright line unescaped, in every page's footer
            name = html.escape(site.license)
            licence = f'<a href="{html.escape(site.license_url)}">{name}</a>' if site.license_url else name
            config.copyright = f"Content licensed under {licence}"
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(assets.THEME_DIR))
        if self.preview is not None:
            # The sitemap is for the hosted site's crawlers, which never read the preview (its
            # tree has no robots.txt either): listing every page took 0.1 s of each save at 10,000 terms.
            config.theme.static_templates.discard("sitemap.xml")
        config.extra_css.extend(path for path in STYLESHEETS if path not in config.extra_css)
        known = {str(script) for script in config.extra_javascript}
        for path in SCRIPTS:
            if path not in known:
                # Deferred: they run in this order once the page, its cards' data included, is parsed.
                script = ExtraScriptValue(path)
                script.defer = True
                config.extra_javascript.append(script)
        for name in MARKDOWN_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        features = config.theme.get("features")
        if isinstance(features, list):
            features.extend(feature for feature in THEME_FEATURES if feature not in features)
        else:
            config.theme["features"] = list(THEME_FEATURES)
        self.offline_copy = _offline_plugin_enabled(config)
        if self.offline_copy:
            config.extra["polyfills"] = [OFFLINE_SEARCH_SHIM]
        # What the theme template (assets/theme/main.html) needs to know, from the one URL layout.
        config.extra["offline_copy"] = self.offline_copy
        config.extra["pagefind_search"] = self.searches_with_pagefind(config)
        config.extra["glossary_files"] = {"pdf": PDF_FILE, "offline_zip": OFFLINE_ZIP,
                                          "search_worker": search_worker_url(), "feed": FEED_FILE,
                                          "names": SEARCH_NAMES_FILE}
        config.extra["glossary_cards"] = CARDS_ELEMENT  # the 404 page's, which is no page of the docs tree
        return config

    def searches_with_pagefind(self, config: MkDocsConfig) -> bool:
        """Whether Pagefind answers the search box (not on the copy read from disk, which
        keeps Material's search: ``file://`` pages cannot fetch the index's pieces)."""
        return self.config.pagefind and not _offline_plugin_enabled(config)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.unsafe.clear()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The build's files are the docs tree: ``docs/`` read by the same rules as for any other
        engine (regular files inside the project only) plus everything generated."""
        assert self.project is not None and self.glossary is not None
        tree, self.prepared = self.prepared, None
        try:
            if self.preview is not None:
                generated = self.preview.files(config, self.project, self.glossary, errors=self.serve_errors)
            else:
                tree = tree or docs_tree(self.project, self.glossary, offline=self.offline_copy)
                generated = [File.generated(config, path, content=content) for path, content in tree.items()]
        except (GlossaryError, ToolError) as error:
            raise self.error_type(str(error)) from None
        docs_dir = Path(config.docs_dir)
        kept = [file for file in files if not file.abs_src_path or not Path(file.abs_src_path).is_relative_to(docs_dir)]
        return Files([*kept, *generated])

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.preview is not None:
            self.preview.read_navigation(nav, config)
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.preview is not None:
            self.preview.keep_compiled(env)
        return env

    @event_priority(100)  # first: everything after sees the cleaned content
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
        """Sanitise each definition's HTML, then note anything on the page that would run or load
        (a hand-written page in docs/ with a script or a picture from another host)."""
        html = _DEFINITION.sub(lambda match: safe_html.clean(match.group(1)), html)
        for shown, why in safe_html.dangers(html):
            self.unsafe.append(f"{_where(page, shown)}: error: {why}; pages of the glossary run no script of "
                               "their own and load nothing from another host")
        if self.preview is not None:
            self.preview.rendered(page)
        return html

    @event_priority(100)  # before Material's search reads the page
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Keep pages out of Material's search index where Pagefind answers: every page load
        reads that index, which would otherwise hold the text of every page."""
        if config.extra["pagefind_search"]:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        # Edit links lead to what the author edits: a term's YAML (its front matter says
        # which), a hand-written page's Markdown; a generated page has none.
        site = self.glossary.site if self.glossary else None
        if page.meta.get("edit_url"):
            page.edit_url = page.meta["edit_url"]
        elif site and site.edit_url and self.project and (self.project.docs_dir / page.file.src_uri).is_file():
            page.edit_url = f"{site.edit_url}{self.project.docs_dir.relative_to(self.project.root).as_posix()}/" \
                            f"{page.file.src_uri}"
        else:
            page.edit_url = None
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """While the glossary has errors, every page of the preview opens with them."""
        if not self.serve_errors:
            return output
        banner = ('<div class="mg-build-errors" role="alert"><p><strong>The glossary has errors.</strong> '
                  "This preview shows the last good version until they are fixed:</p>"
                  f"<pre>{html.escape(self.serve_errors)}</pre></div>")
        return re.sub(r"(<body[^>]*>)", lambda match: match.group(1) + banner, output, count=1)

    @event_priority(-100)  # after every page is written
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Fail the build if any page would run or load anything; otherwise index it for search."""
        if self.unsafe:
            raise self.error_type("\n".join(self.unsafe))
        if self.preview is not None:
            self.preview.built()
        if config.extra["pagefind_search"] and self.preview is not None:
            self.preview.index_later(Path(config.site_dir))
        elif config.extra["pagefind_search"]:
            try:
                index_site(Path(config.site_dir))
            except ToolError as error:
                raise self.error_type(str(error)) from None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
                 ) -> LiveReloadServer:
        """Rebuild the preview when an entry or a source changes, not only a page of ``docs/``
        (each rebuild loads ``mkdocs.yml`` and so this plugin anew, and checks the project again)."""
        assert self.project is not None
        folders = (self.project.glossary_dir, self.project.seeds_dir)
        if self.preview is not None:
            self.preview.watch(server, folders)
        else:
            for folder in folders:
                server.watch(str(folder))
        return server


def _offline_plugin_enabled(config: MkDocsConfig) -> bool:
    """Whether this build is the copy read from disk: Material's ``offline`` plugin is on."""
    return any(isinstance(plugin, OfflinePlugin) and plugin.config.enabled for plugin in config.plugins.values())


def _where(page: Page, shown: str) -> str:
    """``docs/page.md:line:col`` of the first place the page's Markdown shows ``shown``."""
    markdown = page.file.content_string
    found = markdown.find(shown)
    shown_as = Path("docs", page.file.src_uri)
    return str(shown_as if found < 0 else Lines(markdown).location(shown_as, found))
