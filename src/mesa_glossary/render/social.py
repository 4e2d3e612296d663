"""Link-preview pictures: one PNG per term (``og:image``), drawn at build time.

A link pasted into a forum or chat shows a card; with a picture it shows the term's name
and summary large enough to read. Material's social plugin fetches fonts over the network,
so the pictures are drawn here with Pillow and Debian's DejaVu fonts (installed with the
PDF's). Each picture is kept in the build cache under a hash of what it shows, so a build
draws only the terms that changed.
"""

from __future__ import annotations

import hashlib
import io
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.files import replace_file
from mesa_glossary.core.model import Glossary, Term
from mesa_glossary.core.urls import social_image

#: The size link previews expect (OpenGraph's recommended 1.91:1).
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOLD, REGULAR = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
INK, MUTED, ACCENT, PAPER = "#1f1b2e", "#5c5670", "#5e35b1", "#ffffff"
#: Bump to redraw every cached picture when the design changes.
DESIGN = "1"


#: Below this many pictures to draw, one process draws them; above, one per core.
PARALLEL_FROM = 64


def social_images(glossary: Glossary, cache_dir: Path | None) -> dict[str, bytes]:
    """Every term's picture, by its path in the site; pictures no longer shown leave the cache.

    A picture takes Pillow about 30 ms to draw, five minutes for 10,000 terms on one core:
    the ones not in the cache are drawn by one process per core.
    """
    title = glossary.site.title
    terms = glossary.sorted_terms()
    keys = {term.slug: _key(title, term) for term in terms}
    pictures: dict[str, bytes] = {}
    missing: list[Term] = []
    for term in terms:
        cached = cache_dir / f"{keys[term.slug]}.png" if cache_dir else None
        if cached is not None and cached.is_file():
            pictures[term.slug] = cached.read_bytes()
        else:
            missing.append(term)
    jobs = [(title, term.name, term.short) for term in missing]
    if len(jobs) >= PARALLEL_FROM and (cores := len(os.sched_getaffinity(0))) > 1:
        with ProcessPoolExecutor(cores) as pool:
            drawn = list(pool.map(_draw_job, jobs, chunksize=16))
    else:
        drawn = [draw(*job) for job in jobs]
    for term, png in zip(missing, drawn, strict=True):
        pictures[term.slug] = png
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            replace_file(cache_dir / f"{keys[term.slug]}.png", png)
    if cache_dir is not None and cache_dir.is_dir():
        in_use = {f"{key}.png" for key in keys.values()}
        for stale in cache_dir.glob("*.png"):
            if stale.name not in in_use:
                stale.unlink()
    return {social_image(term.slug): pictures[term.slug] for term in terms}


def _draw_job(job: tuple[str, str, str]) -> bytes:
    return draw(*job)


def _key(site_title: str, term: Term) -> str:
    return hashlib.sha256("\0".join((DESIGN, site_title, term.name, term.short)).encode()).hexdigest()[:32]


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        raise ToolError(f"mesa-glossary: error: the font {FONT_DIR / name} is missing; 'make site' installs "
                        "Debian's fonts-dejavu-core (the link-preview pictures and the PDF use it)") from None


def _lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """``text`` wrapped to ``width`` pixels, at most ``most`` lines, the last cut with an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        while lines[-1] and draw.textlength(lines[-1] + " …", font=font) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return lines


def draw(site_title: str, name: str, short: str) -> bytes:
    """The picture: the glossary's name, the term's name and its summary, as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, WIDTH, 18), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN
    canvas.text((MARGIN, 70), site_title, font=_font(BOLD, 34), fill=ACCENT)
    title_size = 80
    title_font = _font(BOLD, title_size)
    while title_size > 44 and len(_lines(canvas, name, title_font, text_width, 9)) > 2:
        title_size -= 6
        title_font = _font(BOLD, title_size)
    y = 150
    for line in _lines(canvas, name, title_font, text_width, 2):
        canvas.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(title_size * 1.2)
    y += 24
    body = _font(REGULAR, 38)
    for line in _lines(canvas, short, body, text_width, max(1, (HEIGHT - 60 - y) // 52)):
        canvas.text((MARGIN, y), line, font=body, fill=MUTED)
        y += 52
    # Sixteen colours hold the text's anti-aliasing: a third of the size, four times faster to save.
    out = io.BytesIO()
    image.quantize(colors=16, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()
