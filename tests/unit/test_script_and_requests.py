"""Glossary text never runs as script and never makes a page request another host.

Three layers, each tested here: ``check`` refuses the constructs that could (at their
line and column); every piece of HTML made from a definition goes through the
sanitiser's allow-list; and every page's content is audited as it is built, so a
hand-written page in docs/ cannot carry a script or a picture from elsewhere either.
Finally the whole hostile site is opened in Chromium, online and from disk, and must
raise no dialog and send no request off its own host.
"""

from __future__ import annotations

import re

import pytest

from mesa_glossary.render import safe_html
from mesa_glossary.render.book import _converter
from mesa_glossary.render.exports import markdown_to_html
from tests.support.projects import OPTIMIZER

#: Definitions that would run script or load something, and the text each error points at.
REFUSED = {
    "block attribute list": ("Searches.\n{: onfocus=alert(1) autofocus tabindex=0 }", "{: onfocus", "attribute lists"),
    "inline attribute list": ("A [link](https://a.org/){ href=\"javascript:alert(1)\" } here.", "{ href=",
                              "attribute lists"),
    "class attribute list": ("Text\n{ .md-button onmouseover=alert(1) }", "{ .md-button", "attribute lists"),
    "entity-encoded scheme": ("A [link](javascript&#58;alert(1)).", "javascript&#58;alert(1)", "is not allowed"),
    "escaped scheme": ("A [link](javascript\\:alert(1)).", "javascript\\:alert(1)", "is not allowed"),
    "angle-bracket target": ("A [link](<javascript:alert(1)>).", "javascript:alert(1)", "is not allowed"),
    "target on the next line": ("A [link](\n  data:text/html,x).", "data:text/html,x", "is not allowed"),
    "reference on the next line": ("A [link][r].\n\n[r]:\n  javascript:alert(1)", "javascript:alert(1)",
                                   "is not allowed"),
    "reference in a quote": ("> A [link][r].\n>\n> [r]: vbscript:x", "vbscript:x", "is not allowed"),
    "reference in a quote, next line": ("> A [link][r].\n>\n> [r]:\n> javascript:x", "javascript:x", "is not allowed"),
    "reference in a list": ("- A [link][r].\n\n  [r]: javascript:x", "javascript:x", "is not allowed"),
    "image from another host": ("See ![chart](https://evil.example/track.png).", "![", "images are not allowed"),
    "image, scheme-relative": ("See ![](//evil.example/t.png).", "![", "images are not allowed"),
    "reference image": ("See ![chart][c].\n\n[c]: https://evil.example/c.png", "![", "images are not allowed"),
}


def _definition_entry(definition: str) -> str:
    indented = "\n".join("  " + line if line else "" for line in definition.split("\n"))
    return OPTIMIZER.replace("definition: Anything that searches.\n", f"definition: |\n{indented}\n")


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_check_refuses_what_could_run_or_load_at_its_line_and_column(maker, case):
    definition, shown, message = REFUSED[case]
    path = maker.term("optimizer", _definition_entry(definition))
    errors = [error for error in maker.errors() if "optimizer.yaml" in error]
    assert errors and all(message in error for error in errors), errors
    text = path.read_text(encoding="utf-8")
    offset = text.index(shown)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert errors[0].startswith(f"glossary/terms/optimizer.yaml:{line}:{column}: error: "), errors


@pytest.mark.parametrize("allowed", [
    "Sets like {0,1} and {a, b} stay text.",
    "Code may show anything: `![x](//evil/x.png)` and `{: onclick=x }`.",
    "```\n[r]: javascript:alert(1)\n![](https://evil.example/x.png)\n```",
    "A [web link](https://example.org/a?b=c#d), a [mail](mailto:a@example.org) and <https://example.org/>.",
    "Raw <img src=x onerror=alert(1)> and <script>alert(1)</script> are shown as text.",
])
def test_check_lets_text_that_only_looks_dangerous_through(maker, allowed):
    maker.term("optimizer", _definition_entry(allowed))
    assert maker.errors() == []


@pytest.mark.parametrize("html", [
    '<p><a href="javascript&#58;alert(1)">a</a></p>',
    '<p onmouseover="alert(1)">x<img src="https://evil.example/x.png" onerror="alert(1)"></p>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<p><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a></p>',
    '<h2 id="__config">x</h2><style>@import url(//evil.example/x.css)</style><iframe src="//evil"></iframe>',
    '<form action="https://evil.example/"><input autofocus onfocus="alert(1)"></form>',
])
def test_the_sanitiser_leaves_nothing_that_runs_or_loads(html):
    cleaned = safe_html.clean(html)
    assert safe_html.dangers(cleaned) == []
    assert not re.search(r"javascript|data:|evil|onerror|onmouseover|onfocus|__config|<img|<style|<iframe|<svg",
                         cleaned), cleaned


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", " JaVaScript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "&#106;avascript:alert(1)", "javascript&#58;alert(1)", "data:text/html,x", "vbscript:x", "java.script:x",
    "a+b:x", "\x01javascript:alert(1)",
])
@pytest.mark.parametrize("quote", ['"', "'"])
def test_the_audit_reads_every_link_whose_address_could_run(address, quote):
    """The audit's first cheap look passes over pages whose links are all plainly safe;
    a link that could run (its scheme hidden by case, spaces, tabs or references) is
    never among them."""
    assert safe_html.dangers(f"<p><a href={quote}{address}{quote}>x</a></p>") != []


def test_the_audit_passes_over_plainly_safe_links_at_once():
    safe = ('<p><a href="#top">a</a> <a href="../x/">b</a> <a href="x/">c</a> <a href="https://a.org/">d</a> '
            "<a href='mailto:a@b.org'>e</a> <a href=\"?q=1\">f</a> <a href=\"/x\">g</a></p>")
    assert safe_html._SUSPECT.search(safe) is None
    assert safe_html.dangers(safe) == []


def test_exports_and_the_book_go_through_the_sanitiser():
    for convert in (markdown_to_html, lambda text: _converter().reset().convert(text)):
        html = convert("A [link](javascript&#58;alert(1)) and ![x](https://evil.example/x.png){: onload=x }")
        assert "javascript" not in html and "<img" not in html and "onload=" not in html.replace("{: onload", "")




# ---- In the browser: the hostile site online and from disk ----













