"""Vietnamese text as search sees it: without diacritics, lower case, in words.

Buyers type on phone keyboards with or without tone marks ("mận" or "man"), so the
query and the catalogue are both folded the same way before they are compared. The
same function feeds the database backend's stored search text and the Elasticsearch
backend's suggestions, so every backend agrees on what a word is.
"""

import re

from shop.text import strip_diacritics

_WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """``text`` in lower case without diacritics, "đ" becoming "d"."""
    return strip_diacritics(text).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, punctuation dropped."""
    return _WORD.findall(fold(text))


def search_text(*parts: str) -> str:
    """Folded words of ``parts`` joined by single spaces, with a space on each side.

    The leading space lets "starts a word" be written as ``contains(" " + word)`` on
    every database, which PostgreSQL's trigram index can answer.
    """
    joined = " ".join(word for part in parts for word in words(part))
    return f" {joined} " if joined else ""


def minimum_should_match(count: int) -> int:
    """How many of ``count`` query words a product must contain to match.

    All of them for one or two words; one may be missing from longer queries, so a
    synonym the product does not use ("trà" for "chè") or one mistyped word still
    finds it. Elasticsearch's ``minimum_should_match: "2<-1"`` says the same.
    """
    return count if count <= 2 else count - 1


#: Relevance points for a query word found at the start of a word of the title, or of
#: the rest of the text (both database search paths rank by them).
TITLE_POINTS, TEXT_POINTS = 4, 2
