"""The "Link to this glossary" page: every way to link a term, shown with live examples.

The examples are not written by hand: the page runs the real Markdown extension and
the real ``link`` command over sample text when it is rendered, with this glossary's
address and terms, so what it shows is what authors will get.
"""

from __future__ import annotations

import markdown

from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.urls import JSON_FILE, JSON_SCHEMA_FILE, JSONLD_FILE, absolute, redirect_slugs, term_path
from mesa_glossary.render.markup import fenced, front_matter, link
from mesa_glossary.tools.catalog import Catalog
from mesa_glossary.tools.linker import link_post
from mesa_glossary.tools.markdown_extension import GlossaryLinkExtension


def _example_terms(glossary: Glossary) -> tuple[Term, list[Term]]:
    """The best-connected term with an alias, and up to two of its neighbours."""
    def connections(term: Term) -> int:
        return len(term.broader) + len(term.narrower) + len(glossary.related_to(term))

    candidates = [term for term in glossary.terms.values() if redirect_slugs(term)] or list(glossary.terms.values())
    hub = min(candidates, key=lambda term: (-connections(term), term.name.casefold()))
    neighbours = [*glossary.related_to(hub), *(glossary.terms[slug] for slug in (*hub.broader, *hub.narrower))]
    return hub, neighbours[:2]


def render_linking_page(glossary: Glossary, catalog: Catalog) -> str:
    """The page; ``catalog`` is the glossary as published (its ``glossary.json``)."""
    site = glossary.site
    hub, neighbours = _example_terms(glossary)
    hub_url = absolute(site, term_path(hub.slug))
    alias = hub.aliases[0] if hub.aliases else hub.name
    alias_slug = (redirect_slugs(hub) or [hub.slug])[0]
    others = " and ".join(term.name.lower() for term in neighbours) or "other terms"
    post = (f"# Notes on {hub.name}\n\nA {alias} is often discussed together with {others}.\n"
            f"In code, `{hub.slug}` stays as it is.\n")
    linked_post = link_post(post, catalog).text
    neighbour = neighbours[0].slug if neighbours else hub.slug
    wikilink_text = f"See [[{hub.slug}]] and [[{neighbour}|a related idea]]."
    wikilink_html = markdown.markdown(wikilink_text, extensions=[GlossaryLinkExtension(glossary=catalog)])

    parts = [
        front_matter(title="Link to this glossary",
                     description="Permanent links, link previews, exports and tools to link the glossary's terms "
                                 "from posts, papers and other sites."),
        "# Link to this glossary\n",
        '<div class="mg-examples" markdown>\n',  # its code examples wrap instead of scrolling
        "Every term has an address that will not change, a preview that explains it where the link is pasted, "
        "and tools that put the links into your own writing for you.\n",
        "## Permanent links\n",
        f"Each term lives at `{site.url}terms/<slug>/`, for example {link(hub.name, hub_url)}. Each of its other "
        f"names has an address too: `{absolute(site, term_path(alias_slug))}` leads to the same page. The "
        "*Copy link* and *Copy Markdown link* buttons on every term page give you the address, and the buttons on "
        "every quote give the address of the passage in its source.\n",
        "These addresses are kept for good: the build refuses to publish the site if any address it has "
        "published before would disappear. When a term is renamed, its old name stays as an alias and keeps "
        "redirecting.\n",
        "## Link previews\n",
        "Pasted into a forum, a chat or a social post, a term's address shows the term's name and its one-line "
        "summary (OpenGraph and Twitter card tags).\n",
        "## Hover cards on your own site\n",
        "Add one line to any web page, and every link on it to a term of this glossary shows the term's summary "
        "when readers hover over it, focus it or tap it:\n",
        fenced(f'<script src="{site.url}embed.js" defer></script>', "html"),
        "The script loads the glossary's data once, from this site only, and adds nothing else to your page. "
        "The card takes your page's colours; `data-theme=\"light\"` or `\"dark\"` on the script tag fixes them, "
        "and `data-delay=\"500\"` sets how many milliseconds the pointer must rest on a link first.\n",
        "## Link terms in your Markdown\n",
        "### The `link` command\n",
        "The `mesa-glossary link` command links the first mention of each term in a Markdown post (any name or "
        "alias, in any case) and leaves code, headings, links and URLs alone:\n",
        fenced(f"mesa-glossary link post.md --glossary {site.url} > linked.md"
                "\nmesa-glossary link post.md --glossary glossary.json --in-place   # keeps post.md.bak", "sh"),
        "This post:\n",
        fenced(post, "markdown"),
        "comes out as:\n",
        fenced(linked_post, "markdown"),
        "Add `--all` to link every mention rather than the first, and `--base-url` to link to a copy of the "
        "glossary at another address.\n",
        "### The Python-Markdown extension\n",
        "In any site built with Python-Markdown, MkDocs included, write `[[term]]` or `[[term|label]]` and the "
        "extension turns it into a link to the term, with its summary as the link's title. An unknown term is "
        "left as plain text with a warning, never a broken link. Install the `mesa-glossary` package (from this "
        "project's repository) and add to `mkdocs.yml`:\n",
        fenced(f"markdown_extensions:\n  - mesa_glossary:\n      glossary: {site.url}{JSON_FILE}", "yaml"),
        "Then this Markdown:\n",
        fenced(wikilink_text, "markdown"),
        "becomes:\n",
        fenced(wikilink_html, "html"),
        "A `[[name]]` that names no term stays as plain text, and the build prints a warning (in MkDocs' "
        "strict mode, the build fails).\n",
        "## The glossary as data\n",
        f"- [{JSON_FILE}]({JSON_FILE}): every term with its address, names, summary, definition (Markdown and "
        f"HTML), tags, relations and verified quotes with the address of each passage. It follows a "
        f"[published JSON Schema]({JSON_SCHEMA_FILE}), and its `version` field names the format's version.\n"
        f"- [{JSONLD_FILE}]({JSONLD_FILE}): the same terms as a W3C SKOS concept scheme (JSON-LD), for "
        "thesaurus and linked-data tools.\n",
        "</div>\n",
    ]
    return "\n".join(parts)
