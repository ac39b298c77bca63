"""The storefront's stylesheets, built from the installed Oscar's own files.

Oscar's ``styles.css`` bundles Bootstrap, Oscar's rules and all of Font Awesome: some
85 KB of icon rules and two web fonts (130 KB) that a phone on a slow network downloads
before the page settles, for the two dozen icons the storefront shows. This module
writes two files under ``shop/static/shop/`` that ``templates/oscar/layout.html`` loads
instead:

- ``oscar.css``: Oscar's stylesheet without Font Awesome (no web font at all);
- ``icons.css``: each icon the storefront's templates use, as an inline SVG mask that
  takes the text colour, drawn from the glyphs of the font Oscar ships (so they look
  the same).

The dashboard keeps Oscar's full stylesheet and fonts. The files are committed; run
``python -m shop.storefront_css`` after upgrading Oscar or using a new icon (it needs
``pip install -e ".[assets]"`` for fontTools). ``tests/test_page_weight.py`` fails when
a template uses an icon that ``icons.css`` lacks.
"""

import math
import re
import sys
from pathlib import Path
from urllib.parse import quote

import oscar

OSCAR = Path(oscar.__file__).resolve().parent
OSCAR_CSS = OSCAR / "static" / "oscar" / "css" / "styles.css"
OSCAR_FONTS = OSCAR / "static" / "oscar" / "webfonts"
OUT = Path(__file__).resolve().parent / "static" / "shop"
ROOT = Path(__file__).resolve().parent.parent

#: The storefront's templates: ours, and Oscar's except its dashboard (which keeps
#: Font Awesome), plus Oscar's public JavaScript that writes icons into the page.
TEMPLATE_DIRS = [ROOT / "templates", OSCAR / "templates" / "oscar"]
EXTRA_SOURCES = [OSCAR / "static" / "oscar" / "js" / "oscar" / "ui.js"]
ICON_CLASS = re.compile(r"\b(fa[srb]?)\s+(fa-[a-z0-9-]+)")
JS_ICON = re.compile(r"['\"](?:fa[srb]? )?(fa-[a-z0-9-]+)['\"]")
#: Font Awesome's helper classes (sizes, spinning…), not icons.
HELPERS = re.compile(
    r"^fa-(\d*x|xs|sm|lg|fw|spin|pulse|border|pull-\w+|stack.*|inverse|rotate-.*|flip.*)$"
)
FA_SELECTOR = re.compile(r"\.fa(?:[srb]|-[\w-]+)?(?![\w-])")


def _storefront_sources() -> list[Path]:
    files = []
    for folder in TEMPLATE_DIRS:
        files += [
            path
            for path in sorted(folder.rglob("*.html"))
            if "dashboard" not in path.relative_to(folder).parts
        ]
    return files + EXTRA_SOURCES


def storefront_icons() -> dict[str, str]:
    """Every icon the storefront can show, as ``{"fa-star": "solid", ...}``.

    ``far fa-user`` is the regular (outlined) style; everything else is solid.
    """
    icons = {}
    for path in _storefront_sources():
        text = path.read_text(encoding="utf-8")
        for style, name in ICON_CLASS.findall(text):
            if not HELPERS.match(name):
                key = f"{name}:regular" if style == "far" else name
                icons[key] = "regular" if style == "far" else "solid"
        if path.suffix == ".js":
            for name in JS_ICON.findall(text):
                if not HELPERS.match(name):
                    icons.setdefault(name, "solid")
    return dict(sorted(icons.items()))


def _top_level_blocks(css: str):
    """Split a stylesheet into its top-level comments and rules, in order."""
    i, start, depth, n = 0, 0, 0, len(css)
    while i < n:
        char = css[i]
        if css.startswith("/*", i):
            end = css.index("*/", i) + 2
            if depth == 0:
                if css[start:i].strip():
                    yield css[start:i]
                yield css[i:end]
                start = end
            i = end
            continue
        if char in "\"'":
            i = css.index(char, i + 1) + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield css[start : i + 1]
                start = i + 1
        elif char == ";" and depth == 0:  # @charset, @import
            yield css[start : i + 1]
            start = i + 1
        i += 1
    if css[start:].strip():
        yield css[start:]


def _is_font_awesome(block: str) -> bool:
    head, _, body = block.partition("{")
    head = head.strip()
    if head.startswith("/*"):
        return "Font Awesome" in head
    if head.startswith("@font-face"):
        return "Font Awesome" in body
    if head.startswith("@keyframes"):
        return head.split()[1].startswith("fa-")
    if head.startswith(("@media", "@supports")):
        inner = body.rsplit("}", 1)[0]
        blocks = [b for b in _top_level_blocks(inner) if b.strip()]
        return bool(blocks) and all(_is_font_awesome(b) for b in blocks)
    if "--fa" in body and head.startswith(":root"):
        return True
    selectors = [s.strip() for s in head.split(",")]
    return all(FA_SELECTOR.search(s) for s in selectors)


def _compact(css: str) -> str:
    """Drop comments (but license ones, ``/*!``) and collapse whitespace."""
    out = []
    for block in _top_level_blocks(css):
        if block.lstrip().startswith("/*"):
            if block.lstrip().startswith("/*!"):
                out.append(block.strip() + "\n")
            continue
        block = re.sub(r"/\*(?!!).*?\*/", "", block, flags=re.S)
        block = re.sub(r"\s+", " ", block).strip()
        block = re.sub(r"\s*([{};])\s*", r"\1", block)
        out.append(block.replace(";}", "}") + "\n")
    return "".join(out)


def oscar_css_without_font_awesome(css: str) -> str:
    """Oscar's stylesheet less every Font Awesome rule, font and comment."""
    kept = [b for b in _top_level_blocks(css) if not _is_font_awesome(b)]
    return _compact("".join(kept))


def _glyph_codepoints(css: str) -> dict[str, int]:
    """Font Awesome's icon names and aliases to their codepoints, from Oscar's CSS.

    Most are hexadecimal escapes (``"\\f005"``); a few are the character itself
    escaped (``"\\!"``).
    """
    codepoints = {}
    for name, code in re.findall(r'\.(fa-[\w-]+)\s*\{\s*--fa:\s*"\\([^"]+)"', css):
        code = code.rstrip(" ")  # a space may end a hexadecimal escape
        hexadecimal = re.fullmatch(r"[0-9a-fA-F]{1,6}", code)
        codepoints[name] = int(code, 16) if hexadecimal else ord(code)
    return codepoints


def _svg(font, codepoint: int) -> tuple[str, float]:
    """The glyph as a one-path SVG in the font's units, and its width in ems.

    The box is the font's em (ascent to descent) grown to the glyph where it reaches
    beyond, as Font Awesome's do, so no icon is clipped.
    """
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    glyph_name = font.getBestCmap()[codepoint]
    glyph = font.getGlyphSet()[glyph_name]
    bounds = BoundsPen(None)
    glyph.draw(bounds)
    _, y_min, _, y_max = bounds.bounds
    top = max(font["hhea"].ascent, math.ceil(y_max))
    height = top - min(font["hhea"].descent, math.floor(y_min))
    pen = SVGPathPen(None, ntos=lambda v: f"{v:g}")
    glyph.draw(TransformPen(pen, (1, 0, 0, -1, 0, top)))
    width = font["hmtx"][glyph_name][0]
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'>"
        f"<path d='{pen.getCommands()}'/></svg>"
    )
    return svg, width / height


def icons_css(icons: dict[str, str], oscar_css: str) -> str:
    """A stylesheet that draws each of ``icons`` as a mask over the text colour."""
    from fontTools.ttLib import TTFont

    fonts = {
        "solid": TTFont(OSCAR_FONTS / "fa-solid-900.woff2"),
        "regular": TTFont(OSCAR_FONTS / "fa-regular-400.woff2"),
    }
    codepoints = _glyph_codepoints(oscar_css)
    lines = [
        "/* Generated by `python -m shop.storefront_css` from Font Awesome Free's"
        " glyphs as shipped with django-oscar\n"
        "   (icons CC BY 4.0, https://fontawesome.com/license/free). */\n",
        ".fa,.fas,.far{display:inline-block;width:1em;height:1em;"
        "vertical-align:-.125em;background-color:currentColor;"
        "-webkit-mask:var(--icon) center/contain no-repeat;"
        "mask:var(--icon) center/contain no-repeat}\n",
    ]
    missing = []
    for key, style in icons.items():
        name = key.split(":")[0]
        if name not in codepoints:
            missing.append(name)
            continue
        svg, width = _svg(fonts[style], codepoints[name])
        selector = f".far.{name}" if style == "regular" else f".{name}"
        data = quote(svg, safe=" /:=',.-")
        lines.append(
            f'{selector}{{--icon:url("data:image/svg+xml,{data}");width:{width:.3g}em}}\n'
        )
    if missing:
        lines.append(f"/* Not in Font Awesome: {', '.join(missing)} */\n")
    return "".join(lines)


def main() -> int:
    """Write ``oscar.css`` and ``icons.css`` under ``shop/static/shop/``."""
    css = OSCAR_CSS.read_text(encoding="utf-8")
    lean = oscar_css_without_font_awesome(css)
    (OUT / "oscar.css").write_text(lean, encoding="utf-8")
    icons = icons_css(storefront_icons(), css)
    (OUT / "icons.css").write_text(icons, encoding="utf-8")
    sys.stdout.write(
        f"oscar.css: {len(lean):,} bytes (from {len(css):,}); "
        f"icons.css: {len(icons):,} bytes, {icons.count('--icon:url')} icons\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
