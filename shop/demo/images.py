"""Placeholder product pictures drawn with Pillow.

The demo ships no photographs: we have no rights to producers' photos, and a demo that
downloads images breaks offline. Each picture is a catalogue-like shot of a package
typical of the product's OCOP group (a paper bag of food, a tea tin, a bottle of herb
extract…) with the product's name on its label, marked as an illustration, so a
listing looks like a catalogue rather than a wall of name tiles.
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
DEFAULT_COLOUR = (27, 107, 67)  # content pictures: tea-hill green
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


def _mix(colour, other, share: float) -> tuple[int, int, int]:
    """``colour`` moved ``share`` of the way towards ``other``."""
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))


WHITE, INK = (255, 255, 255), (33, 43, 38)


def _backdrop(draw, colour) -> None:
    """A studio backdrop: a light tint of the group's colour, a table edge, a shadow."""
    top, bottom = _mix(colour, WHITE, 0.9), _mix(colour, WHITE, 0.75)
    for y in range(SIZE):
        draw.line([(0, y), (SIZE, y)], fill=_mix(top, bottom, y / SIZE))
    draw.rectangle([0, 560, SIZE, SIZE], fill=_mix(colour, WHITE, 0.68))
    draw.ellipse([200, 575, 600, 625], fill=_mix(colour, INK, 0.45))


def _package(draw, group, colour) -> tuple[int, int, int, int]:
    """The product's package, one shape per OCOP group; returns the label's box."""
    dark = _mix(colour, INK, 0.35)
    if group == OcopGroup.FOOD:  # a kraft paper bag
        draw.polygon(
            [(250, 230), (550, 230), (575, 600), (225, 600)], fill=(196, 157, 110)
        )
        draw.rectangle([250, 200, 550, 240], fill=(176, 137, 92))
        return (275, 300, 525, 520)
    if group == OcopGroup.BEVERAGES:  # a tea tin
        draw.rounded_rectangle([270, 210, 530, 600], radius=24, fill=colour)
        draw.rounded_rectangle([260, 190, 540, 240], radius=14, fill=dark)
        return (285, 300, 515, 520)
    if group == OcopGroup.HERBS:  # an amber bottle
        draw.rounded_rectangle([355, 150, 445, 200], radius=8, fill=dark)
        draw.rectangle([370, 195, 430, 250], fill=(120, 60, 15))
        draw.rounded_rectangle([280, 240, 520, 600], radius=48, fill=(141, 74, 18))
        return (295, 320, 505, 520)
    if group == OcopGroup.HANDICRAFTS:  # a woven basket
        draw.arc([290, 150, 510, 400], 180, 360, fill=(150, 105, 60), width=18)
        draw.polygon(
            [(220, 270), (580, 270), (540, 600), (260, 600)], fill=(186, 140, 84)
        )
        for y in range(290, 600, 28):
            draw.line([(230, y), (570, y)], fill=(150, 105, 60), width=5)
        return (285, 330, 515, 520)
    if group == OcopGroup.ORNAMENTAL:  # a plant in a terracotta pot
        for box in ([300, 150, 420, 330], [380, 170, 500, 350], [330, 120, 470, 300]):
            draw.ellipse(box, fill=_mix(colour, INK, 0.15))
        draw.polygon(
            [(250, 330), (550, 330), (515, 600), (285, 600)], fill=(190, 95, 60)
        )
        return (285, 370, 515, 540)
    # Tourism: terraced hills under a sun, in a frame; content pictures: full bleed.
    left, right = (0, SIZE) if group is None else (150, 650)
    top, bottom = (0, SIZE) if group is None else (170, 600)
    draw.rounded_rectangle(
        [left, top, right, bottom],
        radius=0 if group is None else 28,
        fill=_mix(colour, WHITE, 0.5),
    )
    draw.ellipse([right - 170, top + 40, right - 90, top + 120], fill=STAR_COLOUR)
    for index, shade in enumerate((0.1, 0.25, 0.4)):
        y = 380 + index * 60
        draw.polygon(
            [
                (left, y + 40),
                (left + (right - left) * 0.34, y - 30),
                (left + (right - left) * 0.66, y + 10),
                (right, y - 40),
                (right, bottom),
                (left, bottom),
            ],
            fill=_mix(colour, WHITE, shade),
        )
    return (215, 430, 585, 560)


def product_image_jpeg(
    *,
    title: str,
    subtitle: str,
    footer: str,
    group: int | None,
    stars: int = 0,
    seed: str = "",
) -> bytes:
    """An 800×800 JPEG "catalogue shot": the package of the product's OCOP group on a
    studio backdrop in the group's colour, a label with the title and ``stars``, the
    origin (``subtitle``) under it and ``footer`` (the illustration notice).

    Every product of a group looks alike, as a catalogue's pictures do; stars are
    drawn as shapes rather than "★" glyphs so they do not depend on the font. Pass
    ``stars=0`` for a product without a rating in force: the picture must not
    advertise a rating the product page no longer shows.
    """
    colour = _background(group, seed or title)
    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    _backdrop(draw, colour)
    left, top, right, bottom = _package(draw, group, colour)

    # Content pictures (hero, stories: no group) carry no label: the page has the words.
    if group is not None:
        draw.rounded_rectangle(
            [left, top, right, bottom], radius=14, fill=(252, 249, 240)
        )
        draw.rectangle([left, top + 14, right, top + 30], fill=colour)
        font, lines = _label_lines(draw, title, right - left - 32)
        line_height = int(font.size * 1.25)
        star_radius = 14 if stars else 0
        y = (
            top
            + 44
            + (bottom - top - 60 - len(lines) * line_height - 3 * star_radius) // 2
        )
        for line in lines:
            draw.text(((left + right) / 2, y), line, font=font, fill=INK, anchor="ma")
            y += line_height
        if stars:
            y += star_radius + 8
            gap = star_radius * 2 + 8
            first_x = (left + right) / 2 - gap * (stars - 1) / 2
            for index in range(stars):
                draw.polygon(
                    _star(first_x + index * gap, y, star_radius), fill=(214, 150, 0)
                )

    muted = _mix(colour, INK, 0.6)
    draw.text(
        (SIZE / 2, SIZE - MARGIN - 58),
        subtitle,
        font=_font(34),
        fill=muted,
        anchor="ms",
    )
    notice = _font(24)
    width = draw.textlength(footer, font=notice)
    draw.rounded_rectangle(
        [
            SIZE / 2 - width / 2 - 16,
            SIZE - MARGIN - 30,
            SIZE / 2 + width / 2 + 16,
            SIZE - MARGIN + 10,
        ],
        radius=20,
        fill=WHITE,
    )
    draw.text((SIZE / 2, SIZE - MARGIN), footer, font=notice, fill=muted, anchor="ms")

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _label_lines(draw: ImageDraw.ImageDraw, title: str, width: int):
    """The largest font (down to a floor) at which the title fits the label."""
    for size in (40, 36, 32, 28, 24):
        font = _font(size, bold=True)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= 4 and all(
            draw.textlength(line, font=font) <= width for line in lines
        ):
            return font, lines
    return font, lines
