"""``mesa-glossary``: the command line over the pipeline's functions.

Problems go to stderr as ``path:line:col: error: message`` with exit status 1; a
summary of what was done goes to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mesa_glossary import pipeline
from mesa_glossary.core.diagnostics import GlossaryError, ToolError, counted, display_path
from mesa_glossary.core.model import Glossary
from mesa_glossary.core.project import Project
from mesa_glossary.core.urls import PDF_FILE
from mesa_glossary.load import quality


def _summary(glossary: Glossary) -> str:
    quotes = sum(len(term.quotes) for term in glossary.terms.values())
    return f"{len(glossary.terms)} terms, {quotes} quotes, {len(glossary.sources)} sources"


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    glossary = pipeline.check(Project.at(args.project))
    if args.strict:
        found = quality.warnings(glossary)
        if found:
            raise GlossaryError(found)
    print(f"ok: {_summary(glossary)} ({time.perf_counter() - started:.2f} s)")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    glossary = pipeline.check(Project.at(args.project))
    for report in quality.coverage(glossary):
        source = report.source
        quoted = len(report.passages) - len(report.unquoted)
        print(f"{source.id}: {quoted} of {len(report.passages)} passages quoted ({report.percent:.0f}%)")
        for block in report.unquoted:
            excerpt = textwrap.shorten(block.text, 100, placeholder="…")
            print(f"  {display_path(source.path)}:{block.line}: #{block.anchor} {excerpt}")
    return 0


def _render(args: argparse.Namespace) -> int:
    project = Project.at(args.project)
    rendered = pipeline.render(project, Path(os.path.abspath(args.out)) if args.out else None)
    summary = rendered.summary
    print(f"rendered {_summary(rendered.published.glossary)} into {rendered.out_dir}: "
          f"{summary.written} written, {summary.unchanged} unchanged, {summary.removed} removed")
    _remind_of_new_urls(project, rendered.published)
    return 0


def _remind_of_new_urls(project: Project, published: pipeline.Published) -> None:
    if published.new_urls:
        count = len(published.new_urls)
        print(f"{display_path(project.url_manifest)}: note: {count} new URL{'s are' if count != 1 else ' is'} "
              "not in the manifest yet; run 'mesa-glossary urls --update' and commit it, so "
              f"{'they' if count != 1 else 'it'} can never vanish", file=sys.stderr)


def _urls(args: argparse.Namespace) -> int:
    project = Project.at(args.project)
    if args.update:
        added = pipeline.update_url_manifest(project)
        print(f"{display_path(project.url_manifest)}: added {counted(len(added), 'URL')}")
        for url in added:
            print(f"  + {url}")
        return 0
    published = pipeline.publish(project)
    print(f"{len(published.urls)} URLs published; {len(published.new_urls)} not in "
          f"{display_path(project.url_manifest)} yet{' (add them with --update)' if published.new_urls else ''}")
    for url in published.new_urls:
        print(f"  + {url}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from mesa_glossary.adapters.mkdocs.engine import show_mkdocs_messages  # noqa: PLC0415 - see pipeline.build

    show_mkdocs_messages()
    started = time.perf_counter()
    project = Project.at(args.project)
    published, site = pipeline.build(project, Path(os.path.abspath(args.site_dir)) if args.site_dir else None,
                                    downloads=not args.site_only, for_hosting=args.for_hosting, progress=_progress)
    print(f"built {site} from {_summary(published.glossary)} in {time.perf_counter() - started:.1f} s")
    _remind_of_new_urls(project, published)
    return 0


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _pdf(args: argparse.Namespace) -> int:
    from mesa_glossary.publish.pdf import write_pdf  # noqa: PLC0415 - see pipeline.build

    project = Project.at(args.project)
    out = Path(os.path.abspath(args.out)) if args.out else project.root / "build" / PDF_FILE
    summary = write_pdf(pipeline.check(project), out, paper=args.paper, progress=_progress,
                        cache_dir=project.cache_dir, processes=args.processes)
    print(f"wrote {display_path(summary.path)}: {summary.pages} pages in {summary.seconds:.1f} s")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import logging  # noqa: PLC0415 - see _link

    from mesa_glossary.adapters.mkdocs.engine import serve_site, show_mkdocs_messages  # noqa: PLC0415 - see pipeline.build

    project = Project.at(args.project)
    pipeline.check(project)  # errors before the server starts; later ones show in the preview's log
    show_mkdocs_messages(logging.INFO)
    serve_site(project, args.dev_addr)
    return 0


def _link(args: argparse.Namespace) -> int:
    # Here, not at the top, like the imports of the other commands but check's: the catalog
    # reads a glossary from a URL too, and urllib with ssl took a sixth of check's start-up.
    from mesa_glossary.tools.catalog import check_base_url, load_catalog  # noqa: PLC0415
    from mesa_glossary.tools.linker import link_post, read_post, rewrite_in_place  # noqa: PLC0415

    post_path = None if args.post == "-" else Path(args.post)
    if post_path is None and args.in_place:
        raise ToolError("link: error: --in-place needs a file, not standard input")
    if args.base_url:
        check_base_url(args.base_url)
    raw = read_post(post_path)
    try:
        post = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ToolError(f"{args.post}: error: cannot read the post: not UTF-8 (byte {error.start})") from None
    glossary = args.glossary or "."
    if args.glossary is None and not Project(Path(".").resolve()).sources_file.is_file():
        raise ToolError("link: error: this folder is no glossary project: name one with --glossary "
                        "(a project folder, a glossary.json file, or the site's URL)")
    result = link_post(post, load_catalog(glossary), base_url=args.base_url, every_mention=args.all)
    if post_path is None or not args.in_place:
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
    elif result.links:
        backup = rewrite_in_place(post_path, raw, result.text)
        print(f"{post_path}: kept the original as {backup.name}", file=sys.stderr)
    names = ", ".join(term.title for term in result.linked)
    print(f"linked {counted(result.links, 'mention')} of {counted(len(result.linked), 'term')}"
          f"{': ' + names if names else ''}", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from mesa_glossary.core.files import replace_file  # noqa: PLC0415 - see _link
    from mesa_glossary.load.schema import schema_documents  # noqa: PLC0415

    project = Project.at(args.project)
    for relative_path, text in schema_documents().items():
        target = project.root / relative_path
        if target.parent.is_symlink():
            raise ToolError(f"{display_path(target.parent)}: error: is a symbolic link; the schema files are "
                            "written only into the project's own schema/ folder")
        replace_file(target, text.encode("utf-8"))
        print(f"wrote {target}")
    return 0


#: What a failed command says it left alone: the last good output is still there.
_KEPT_ON_FAILURE = {
    _render: "nothing was replaced: the previous pages and site stay as they were",
    _build: "nothing was replaced: the previous pages and site stay as they were",
    _serve: "nothing was replaced: the previous pages and site stay as they were",
    _urls: "the manifest was not changed",
    _pdf: "nothing was replaced: the previous PDF stays as it was",
}


def _address(text: str) -> str:
    """``HOST:PORT`` for the preview server, checked before anything starts."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not HOST:PORT with a port from 1 to 65535, "
                                         "as in 127.0.0.1:8000")
    return text


def _positive(text: str) -> int:
    """A count of at least one."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mesa-glossary",
        description="Check, render and build a glossary whose every quote is verified against its sources.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("project", nargs="?", default=".", help="the glossary project folder (default: .)")
        sub.set_defaults(handler=handler)
        return sub

    check = command("check", _check, "validate every term, relation, link and quote")
    check.add_argument("--strict", action="store_true",
                       help="also fail on editorial warnings (nothing to cite, unlinked terms, long summaries, "
                            "repeated quotes, copied definitions)")
    command("coverage", _coverage, "list, for each source, the passages that no term quotes")
    render = command("render", _render, "write the site's Markdown pages (for MkDocs or another engine)")
    render.add_argument("-o", "--out", help="output folder (default: PROJECT/build/docs)")
    build = command("build", _build, "check, render and build the site with MkDocs")
    build.add_argument("-d", "--site-dir", help="output folder (default: PROJECT/site)")
    build.add_argument("--site-only", action="store_true",
                       help="only the web pages: no PDF and no site.zip (faster, for trying changes)")
    build.add_argument("--for-hosting", action="store_true",
                       help="the build to publish: a placeholder 'url' in glossary/site.yaml is an error, not a "
                            "warning (make publish and the GitHub Pages workflow use it)")
    pdf = command("pdf", _pdf, "write the whole glossary as a PDF book (the build puts one in the site)")
    pdf.add_argument("-o", "--out", help="the PDF file (default: PROJECT/build/glossary.pdf)")
    pdf.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default: a4)")
    pdf.add_argument("--processes", type=_positive, help="chunks laid out at once (default: one per core); "
                     "each takes up to about 200 MB")
    serve = command("serve", _serve, "preview with live reload, also on YAML and source edits")
    serve.add_argument("-a", "--dev-addr", type=_address, help="address to serve on (default: 127.0.0.1:8000)")
    urls = command("urls", _urls, "list the URLs the site publishes against the committed manifest; a URL "
                   "that would vanish is an error")
    urls.add_argument("--update", action="store_true", help="add the newly published URLs to the manifest")
    link = commands.add_parser(
        "link", help="link the glossary terms mentioned in a Markdown post",
        description="Link the first mention of each glossary term in a Markdown post (aliases too; never inside "
                    "code, headings, links or URLs). Writes the post to stdout, or in place with a .bak copy.")
    link.add_argument("post", help="the Markdown file, or - for standard input")
    link.add_argument("--glossary", help="the glossary: a project folder, a glossary.json file or the site's URL "
                                         "(default: the project in the current folder)")
    link.add_argument("--base-url", help="link to this address instead of the published one")
    link.add_argument("--all", action="store_true", help="link every mention, not only the first of each term")
    link.add_argument("-i", "--in-place", action="store_true", help="rewrite the file, keeping POST.bak")
    link.set_defaults(handler=_link)
    command("schema", _schema, "write the JSON Schema files for editors into PROJECT/schema/")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except GlossaryError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        count = len(error.diagnostics)
        kind = "warning" if all(d.severity == "warning" for d in error.diagnostics) else "error"
        writes = args.handler not in (_check, _coverage)  # these two never write, so say nothing of it
        print(f"{counted(count, kind)}{'; nothing was written' if writes else ''}", file=sys.stderr)
        return 1
    except ToolError as error:
        print(error, file=sys.stderr)
        if args.handler in _KEPT_ON_FAILURE:
            print(_KEPT_ON_FAILURE[args.handler], file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a full disk, a folder that cannot be written: what and where, not a traceback
        where = display_path(Path(error.filename)) if error.filename else "mesa-glossary"
        print(f"{where}: error: {error.strerror or error}", file=sys.stderr)
        if args.handler in _KEPT_ON_FAILURE:
            print(_KEPT_ON_FAILURE[args.handler], file=sys.stderr)
        return 1
    except (RecursionError, MemoryError) as error:  # input built to exhaust the machine
        print(f"mesa-glossary: error: the input is too large or too deeply nested to process "
              f"({type(error).__name__})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
