"""The stall's QR standee (PNG and A6 PDF) and its one-off QR for an amount.

The QR is a static VietQR (no amount: the buyer types it) for the vendor's own
account, built by ``payments.vietqr``; the market and the stall go into the store and
terminal labels so the transfer says where it was paid. Text is drawn with the
bundled DejaVu Sans, which has every Vietnamese letter.
"""

import io
import logging
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from payments.markets.models import Stall
from payments.vietqr import LABEL_MAX_LENGTH, VietQRError, build_payload
from shop.qrcodes import qr_png
from shop.text import strip_diacritics

# fpdf2's font subsetting (fontTools) logs every glyph at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

#: A6 portrait at 300 dpi, the size of a table standee.
PNG_SIZE = (1240, 1748)
A6_MM = (105, 148)
ACCENT = (0, 102, 68)


def _label(text: str) -> str:
    # build_payload refuses labels over 25 characters rather than cutting an order
    # code short; a market or stall name may simply be shortened.
    return strip_diacritics(text)[:LABEL_MAX_LENGTH].strip()


def stall_labels(stall: Stall) -> tuple[str, str]:
    """(store label, terminal label) written into the stall's QR."""
    return _label(stall.market.name), _label(f"Quay {stall.number}")


def stall_payload(stall: Stall, *, amount: int | None = None, purpose: str = "") -> str:
    """The VietQR payload for paying ``stall``'s vendor: static without ``amount``.

    Raises ``VietQRError`` when the stall has no vendor or the vendor no usable
    bank account.
    """
    vendor = stall.vendor
    if vendor is None or vendor.bank is None or not vendor.bank_account_number:
        raise VietQRError("The stall has no vendor with a bank account yet.")
    store, terminal = stall_labels(stall)
    return build_payload(
        bank_bin=vendor.bank.bin,
        account_number=vendor.bank_account_number,
        amount=amount,
        purpose=_label(purpose),
        store_label=store,
        terminal_label=terminal,
    )


def _lines(stall: Stall) -> dict[str, str]:
    # Printed for buyers at a Vietnamese market, whatever language the vendor's
    # browser asked for.
    with translation.override("vi"):
        return _lines_translated(stall)


def _lines_translated(stall: Stall) -> dict[str, str]:
    vendor = stall.vendor
    return {
        "market": stall.market.name,
        "stall": _("Stall %(number)s") % {"number": stall.number},
        "zone": stall.zone,
        "vendor": vendor.name,
        "bank": vendor.bank.short_name,
        "holder": vendor.bank_account_holder,
        "account": vendor.bank_account_number,
        "call": _("Scan the code to pay"),
    }


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


def _fit(draw, text: str, *, size: int, bold: bool, width: int):
    """The largest font up to ``size`` that draws ``text`` within ``width``."""
    while size > 16:
        font = _font(size, bold=bold)
        if draw.textlength(text, font=font) <= width:
            return font
        size -= 4
    return _font(size, bold=bold)


def standee_png(stall: Stall) -> bytes:
    """The standee as an A6 PNG at 300 dpi."""
    payload = stall_payload(stall)
    lines = _lines(stall)
    width, height = PNG_SIZE
    image = Image.new("RGB", PNG_SIZE, "white")
    draw = ImageDraw.Draw(image)
    margin = 70
    text_width = width - 2 * margin

    draw.rectangle((0, 0, width, 250), fill=ACCENT)
    market = lines["market"]
    draw.text(
        (width / 2, 95),
        market,
        fill="white",
        anchor="mm",
        font=_fit(draw, market, size=80, bold=True, width=text_width),
    )
    stall_text = " · ".join(part for part in (lines["stall"], lines["zone"]) if part)
    draw.text(
        (width / 2, 195),
        stall_text,
        fill="white",
        anchor="mm",
        font=_fit(draw, stall_text, size=60, bold=False, width=text_width),
    )

    qr = Image.open(io.BytesIO(qr_png(payload, scale=20, border=2))).convert("RGB")
    side = 900
    qr = qr.resize((side, side), Image.NEAREST)
    image.paste(qr, ((width - side) // 2, 290))

    y = 290 + side + 70
    draw.text(
        (width / 2, y),
        lines["call"],
        fill=ACCENT,
        anchor="mm",
        font=_fit(draw, lines["call"], size=76, bold=True, width=text_width),
    )
    y += 120
    for text, size, bold in (
        (lines["vendor"], 64, True),
        (lines["bank"], 52, False),
        (lines["holder"], 52, False),
        (lines["account"], 52, False),
    ):
        draw.text(
            (width / 2, y),
            text,
            fill="black",
            anchor="mm",
            font=_fit(draw, text, size=size, bold=bold, width=text_width),
        )
        y += 85
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


def standee_pdf(stall: Stall) -> bytes:
    """The standee as a one-page A6 PDF."""
    payload = stall_payload(stall)
    lines = _lines(stall)
    pdf = FPDF(orientation="portrait", unit="mm", format=A6_MM)
    pdf.set_auto_page_break(False)
    pdf.set_margins(6, 6, 6)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(f"{lines['market']} – {lines['stall']}")
    pdf.add_page()
    page_width, _height = A6_MM

    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, page_width, 22, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(6, 4)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 7, lines["market"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    stall_text = " · ".join(part for part in (lines["stall"], lines["zone"]) if part)
    pdf.cell(0, 7, stall_text, align="C", new_x="LMARGIN", new_y="NEXT")

    side = 72
    pdf.image(
        io.BytesIO(qr_png(payload, scale=10, border=2)),
        x=(page_width - side) / 2,
        y=26,
        w=side,
        h=side,
    )

    pdf.set_xy(6, 26 + side + 3)
    pdf.set_text_color(*ACCENT)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, lines["call"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 5.5, lines["vendor"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    for text in (lines["bank"], lines["holder"], lines["account"]):
        pdf.multi_cell(0, 5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


__all__ = ["VietQRError", "stall_payload", "standee_pdf", "standee_png"]
