"""QR code images, shared by traceability labels and VietQR payment codes."""

import io

import segno


def qr_png(data: str, *, scale: int = 8, border: int = 4) -> bytes:
    """``data`` as a PNG QR code; error correction M survives a scuffed label."""
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        buffer, kind="png", scale=scale, border=border
    )
    return buffer.getvalue()


def qr_svg(data: str, *, scale: int = 4, border: int = 4) -> str:
    """``data`` as an SVG QR code to inline in a page (no extra request)."""
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode()
