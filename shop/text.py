"""Vietnamese text without diacritics: for search folding and ASCII payment memos."""

import unicodedata

# "đ" is a letter of its own, not "d" with a combining mark: NFD leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """``text`` without tone and vowel marks, "đ" becoming "d"; case is kept."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
