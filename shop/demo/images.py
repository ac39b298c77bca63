"""Placeholder product pictures drawn with Pillow.

The demo ships no photographs: we have no rights to producers' photos, and a demo that
downloads images breaks offline. A flat card with the title, origin and stars is enough
to see how listings and product pages look.
"""

import io
import math
import zlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from catalogue.ocop import OcopGroup

SIZE = 800
MARGIN = 64

# DejaVu covers Vietnamese (stacked diacritics included) and is on most Linux systems.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

#: A background per OCOP group, so the groups are told apart at a glance in a listing.
GROUP_COLOURS = {
    OcopGroup.FOOD: (46, 125, 50),
    OcopGroup.BEVERAGES: (0, 105, 92),
    OcopGroup.HERBS: (106, 27, 154),
    OcopGroup.HANDICRAFTS: (173, 20, 87),
    OcopGroup.ORNAMENTAL: (85, 139, 47),
    OcopGroup.TOURISM: (21, 101, 192),
}
DEFAULT_COLOUR = (69, 90, 100)
STAR_COLOUR = (255, 202, 40)
TEXT_COLOUR = (255, 255, 255)


@lru_cache(maxsize=16)
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size``, or Pillow's built-in scalable font if it is absent."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _background(group: int | None, seed: str) -> tuple[int, int, int]:
    """The group's colour, nudged by ``seed`` so neighbouring cards differ a little."""
    base = GROUP_COLOURS.get(group, DEFAULT_COLOUR)
    shift = zlib.crc32(seed.encode()) % 41 - 20  # stable across runs, unlike hash()
    return tuple(max(0, min(255, channel + shift)) for channel in base)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels, at spaces."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _title_lines(draw: ImageDraw.ImageDraw, title: str, width: int):
    """The largest font (down to a floor) at which the title fits on four lines."""
    for size in (72, 64, 56, 48, 40):
        font = _font(size, bold=True)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= 4 and all(
            draw.textlength(line, font=font) <= width for line in lines
        ):
            return font, lines
    return font, lines


def _star(centre_x: float, centre_y: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, point up."""
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + index * math.pi / 5
        points.append((centre_x + r * math.cos(angle), centre_y - r * math.sin(angle)))
    return points


def product_image_jpeg(
    *,
    title: str,
    subtitle: str,
    footer: str,
    group: int | None,
    stars: int = 0,
    seed: str = "",
) -> bytes:
    """An 800×800 JPEG card: title, ``stars`` drawn stars, subtitle and footer.

    Stars are drawn as shapes rather than "★" glyphs so they do not depend on the
    font. Pass ``stars=0`` for a product without a rating in force: the picture must
    not advertise a rating the product page no longer shows.
    """
    image = Image.new("RGB", (SIZE, SIZE), _background(group, seed or title))
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN

    font, lines = _title_lines(draw, title, width)
    line_height = int(font.size * 1.25)
    star_radius = 30
    block_height = len(lines) * line_height + (3 * star_radius if stars else 0)
    y = (SIZE - block_height) // 2 - 40
    for line in lines:
        draw.text((SIZE / 2, y), line, font=font, fill=TEXT_COLOUR, anchor="ma")
        y += line_height

    if stars:
        y += star_radius + 24
        gap = star_radius * 2 + 16
        first_x = SIZE / 2 - gap * (stars - 1) / 2
        for index in range(stars):
            draw.polygon(_star(first_x + index * gap, y, star_radius), fill=STAR_COLOUR)

    draw.text(
        (SIZE / 2, SIZE - MARGIN - 70),
        subtitle,
        font=_font(34),
        fill=TEXT_COLOUR,
        anchor="ms",
    )
    draw.text(
        (SIZE / 2, SIZE - MARGIN),
        footer,
        font=_font(24),
        fill=TEXT_COLOUR,
        anchor="ms",
    )

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()
