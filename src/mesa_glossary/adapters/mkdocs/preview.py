"""The preview's rebuilds under ``serve``: only the pages an edit changed, and the search
index after they are served.

A save used to have MkDocs rebuild every page (40 s at 2,000 terms). The preview's docs
tree (:class:`~mesa_glossary.publish.preview.PreviewTree`) says which of its files an
edit changed, and MkDocs' dirty builds (``mkdocs serve --dirty``, which ``mesa-glossary
serve`` runs) rebuild only the files whose :meth:`File.is_modified` says so. What else
every page shows is the plugin's to know: when it changes (``mkdocs.yml``, the theme's
``custom_dir``, the site's name and address, the errors banner, a page added or removed,
which may change the navigation), every page is rebuilt in an emptied site folder.
MkDocs warns that a dirty build may leave the navigation wrong, and ``strict`` turns that
into a failed rebuild; with the plugin it does not, so the warning is left out. Every page
shows the navigation, with the titles (and Material's icons) of its pages, which MkDocs
knows only of the pages it builds: those not rebuilt get them from their front matter
and their last build. A page whose only change is the hover cards it carries is not
built again either: its new cards element replaces the old one in the page built before. MkDocs
also makes the theme's Jinja environment anew for each build, which would compile every
template again: the compiled templates are kept.

Pagefind reads the whole site, which takes many seconds at a few thousand pages: it runs
after the rebuild, while the preview already serves it, and a rebuild stops it.

Python's collector of cyclic garbage reads every object the process holds (a million at
10,000 terms) once the objects kept since its last full pass grow by a quarter, which a
rebuild's glossary and pages always do: 0.7 s of every rebuild at 10,000 terms. Under
the preview that pass waits until the page is served (:data:`COLLECT_AFTER`), between
rebuilds; a rebuild that begins first puts it off to its own end.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.structure.files import File
from mkdocs.utils import clean_directory
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from mesa_glossary.core.files import replace_file
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.load.yamldoc import ParsedFiles
from mesa_glossary.publish.preview import PreviewTree
from mesa_glossary.publish.search import Indexing, SearchIndexError
from mesa_glossary.render.cards import replace_cards

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: Seconds from the end of a rebuild to the collector's full pass: the browser, told of the
#: rebuild at its end, has the page by then.
COLLECT_AFTER = 1.0
#: The collector's count of younger passes before a full one, under the preview: more than
#: a session makes, so that only :meth:`Preview.built` starts one.
_NO_FULL_PASS = 1 << 30
#: The logger of MkDocs' build, and how its warning about dirty builds begins.
_BUILD_LOGGER = "mkdocs.commands.build"
_DIRTY_WARNING = "A 'dirty' build is being performed"


class Preview:
    """What the plugin keeps from one rebuild of the preview to the next."""

    def __init__(self, *, dirty: bool) -> None:
        #: Whether MkDocs rebuilds only what :meth:`files` marks as changed (its dirty builds).
        self.dirty = dirty
        self._tree: PreviewTree | None = None
        #: The glossary's files as last parsed: a save changes one of them.
        self.parsed = ParsedFiles()
        #: What every page was last built with (see :meth:`files`).
        self._pages_show: object = None
        self._indexing: Indexing | None = None
        #: Whether the last rebuild ran to its end: if not, the site may lack pages the tree
        #: has since, and the next rebuild builds every page.
        self._complete = False
        #: Built pages whose only change is their hover cards, with their HTML as it will be
        #: once the rebuild is done (:meth:`built`).
        self._patched: dict[Path, str] = {}
        #: MkDocs' observer that lists files, kept for the single files it watches (:meth:`watch`).
        self._listing: BaseObserver | None = None
        #: Each page's title when it was last built, by its path in the docs tree.
        self._titles: dict[str, str | None] = {}
        self._templates = _CompiledTemplates()
        self._quiet = _WithoutDirtyWarning()
        if dirty:
            logging.getLogger(_BUILD_LOGGER).addFilter(self._quiet)
        #: The collector's thresholds before the preview, given back by :meth:`close`.
        self._thresholds = gc.get_threshold()
        gc.set_threshold(*self._thresholds[:2], _NO_FULL_PASS)
        self._collection: threading.Timer | None = None

    def files(self, config: MkDocsConfig, project: Project, glossary: Glossary, *, errors: str | None) -> list[File]:
        """The build's files: the preview's docs tree, each marked with whether MkDocs must
        build it again. ``errors`` is the banner every page shows while the glossary has them."""
        if self._tree is None or self._tree.project.root != project.root:
            self._tree = PreviewTree(project)
        update = self._tree.update(glossary)
        settings = Path(config.config_file_path).read_bytes() if config.config_file_path else None
        pages_show = (settings, _newest_file(config.theme.custom_dir), glossary.site, errors)
        # Material's own search (when Pagefind does not answer) indexes only the pages it
        # builds: each build must build them all.
        every_page = update.paths_changed or pages_show != self._pages_show or not config.extra["pagefind_search"] \
            or not self._complete
        self._pages_show, self._complete, self._patched = pages_show, False, {}
        if every_page and self.dirty:
            clean_directory(config.site_dir)
        files: list[File] = []
        for path, content in update.files.items():
            file = _PreviewFile.of(config, path, content, modified=every_page or path in update.changed)
            if file.modified and self.dirty and not every_page and path in update.cards_only:
                file.modified = not self._patch(Path(file.abs_dest_path), update.cards_only[path])
            files.append(file)
        return files

    def _patch(self, built: Path, cards: str) -> bool:
        """Whether the page built at ``built`` can take its new ``cards`` element in place of
        its old one, rather than being built again (which the site engine does in full)."""
        try:
            patched = replace_cards(built.read_text(encoding="utf-8"), cards)
        except (OSError, UnicodeDecodeError):
            return False
        if patched is not None:
            self._patched[built] = patched
        return patched is not None

    def begin(self) -> None:
        """A rebuild begins: the search index under way and the collector's pass to come
        would take the cores and the interpreter it needs."""
        self.stop_indexing()
        if self._collection is not None:
            self._collection.cancel()
            self._collection = None

    def built(self) -> None:
        """The rebuild is done: give the pages whose cards changed their new cards, and
        collect the garbage once the page is served."""
        for path, html in self._patched.items():
            replace_file(path, html.encode("utf-8"))
        self._patched, self._complete = {}, True
        self._collection = threading.Timer(COLLECT_AFTER, gc.collect)
        self._collection.daemon = True
        self._collection.start()

    def read_navigation(self, nav: Navigation, config: MkDocsConfig) -> None:
        """Give the navigation's pages that are not rebuilt the titles and metadata every
        page's navigation shows, which MkDocs knows only of the pages it builds: their
        front matter read again, and the title they were last built with (a page without
        one in its front matter takes that of its first heading, found as it is built)."""
        if not self.dirty:  # MkDocs builds every page
            return
        for page in nav.pages:
            if isinstance(page.file, _PreviewFile) and not page.file.modified:
                page.read_source(config)
                if page.file.src_uri in self._titles:
                    page.title = self._titles[page.file.src_uri]

    def rendered(self, page: Page) -> None:
        """Remember the title ``page`` was built with, for :meth:`read_navigation`."""
        self._titles[page.file.src_uri] = page.title

    def keep_compiled(self, env: jinja2.Environment) -> None:
        """Let the theme's templates, compiled for one rebuild, serve the next."""
        env.bytecode_cache = self._templates

    def index_later(self, site_dir: Path) -> None:
        """Index the built site for search while the preview serves it."""
        self.stop_indexing()
        try:
            self._indexing = Indexing(site_dir)
        except SearchIndexError as error:
            _report(error)
            return
        threading.Thread(target=_wait_for, args=(self._indexing,), name="pagefind", daemon=True).start()

    def stop_indexing(self) -> None:
        """Stop the search index under way: a rebuild is about to change the site."""
        if self._indexing is not None:
            self._indexing.stop()
            self._indexing = None

    def watch(self, server: LiveReloadServer, folders: Iterable[Path]) -> None:
        """Have ``server`` rebuild when a file in ``folders`` changes, and learn of changes
        in every folder it watches from the system (inotify) where it can.

        MkDocs' server looks for changes by listing every watched file twice a second: at
        10,000 terms a listing took 0.12 s of the process that rebuilds, and a save waited
        up to half a second to be noticed. Its folders move to the system's observer before
        the server starts it; a single file it watches (``mkdocs.yml``, which editors
        replace rather than rewrite, which a system watch on the file would lose) stays
        with the listing, started and stopped here.
        """
        listing = server.observer
        if Observer is not PollingObserver and not listing.is_alive():
            folders_watched = [watch.path for watch in {emitter.watch for emitter in listing.emitters}
                               if os.path.isdir(watch.path)]
            times = dict.fromkeys(folders_watched, 0)
            for folder in folders_watched:
                while any(emitter.watch.path == folder for emitter in listing.emitters):
                    try:
                        server.unwatch(folder)
                    except KeyError:  # the folder of a single file the server watches
                        break
                    times[folder] += 1
            server.observer = _ChangesObserver()
            for folder, count in times.items():
                for _ in range(count):
                    server.watch(folder)
            if listing.emitters:
                listing.start()
                self._listing = listing
        for added in folders:
            server.watch(str(added))

    def close(self) -> None:
        if self._listing is not None:
            self._listing.stop()
            self._listing.join()
            self._listing = None
        self.begin()
        gc.set_threshold(*self._thresholds)
        logging.getLogger(_BUILD_LOGGER).removeFilter(self._quiet)


#: What a save can do to a file. The system also tells of files opened and read, which
#: every rebuild does to each file it loads: those would start the next rebuild.
_CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
                                         FileClosedEvent]


class _ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's class, chosen at import
    """The system's observer, telling only of changes (:data:`_CHANGES`) wherever it watches."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False
                 ) -> ObservedWatch:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or _CHANGES,
                                follow_symlink=follow_symlink)


class _PreviewFile(File):
    """A file of the preview's tree, which MkDocs' dirty builds skip unless ``modified``."""

    modified = True

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, content: bytes, *, modified: bool) -> _PreviewFile:
        file = cls.generated(config, path, content=content)
        assert isinstance(file, _PreviewFile)
        file.modified = modified
        return file

    def is_modified(self) -> bool:
        return self.modified


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates by name, in memory; Jinja compiles a template again when its source changed."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class _WithoutDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def _newest_file(folder: str | None) -> int | None:
    """When a file in ``folder`` (the theme's ``custom_dir``, whose templates make every page) last changed."""
    if not folder:
        return None
    times = (os.stat(os.path.join(parent, name)).st_mtime_ns for parent, _, names in os.walk(folder) for name in names)
    return max(times, default=None)


def _wait_for(indexing: Indexing) -> None:
    try:
        indexing.wait()
    except SearchIndexError as error:
        _report(error)


def _report(error: SearchIndexError) -> None:
    # Printed, not logged: MkDocs' strict mode would abort the next rebuild on a logged error.
    print(f"{error}\nthe preview's search answers from its last index", file=sys.stderr)
