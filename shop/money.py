"""Đồng as people read them: one formatter for pages, CSV, e-mails and the API.

Amounts are whole đồng (VND has no minor unit). Vietnamese groups thousands with dots
("150.000 ₫"), English with commas ("150,000 ₫"); the sign follows the number after a
no-break space, so an amount never wraps between its digits and its sign.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language

NBSP = "\u00a0"
SIGN = "₫"


def dong(amount, *, language: str | None = None, sign: bool = True) -> str:
    """``amount`` in whole đồng as the active (or given) language writes it.

    ``150000`` → ``"150.000 ₫"`` in Vietnamese, ``"150,000 ₫"`` in English; ``""`` for
    something that is not a number. ``sign=False`` leaves the ₫ out (CSV columns that
    say "đồng" in their header).
    """
    try:
        value = Decimal(str(amount)).quantize(Decimal(1))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    language = (language or get_language() or "vi").lower()
    separator = "," if language.startswith("en") else "."
    text = f"{abs(int(value)):,}".replace(",", separator)
    if value < 0:
        text = "-" + text
    return f"{text}{NBSP}{SIGN}" if sign else text


_GROUPED = re.compile(r"^\d{1,3}([.,  ]\d{3})+$")


def dong_parse(text: str) -> int | None:
    """A whole number of đồng from what a person types, or None if it is not one.

    Accepts ``150000``, ``150.000``, ``150,000``, ``150 000``, with or without ``₫``,
    ``đ`` or ``VND``; refuses decimals (``150.5``) and anything else.
    """
    cleaned = (text or "").strip()
    cleaned = re.sub(r"(?i)\s*(₫|đồng|đ|vnd|vnđ)$", "", cleaned).strip()
    if cleaned.isdigit():
        return int(cleaned)
    if _GROUPED.match(cleaned):
        return int(re.sub(r"\D", "", cleaned))
    return None
