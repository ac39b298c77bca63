""" "Did you mean": the nearest known words to what the buyer typed."""

import bisect
import re

from search.text import words

#: Words shorter than this are left alone: they are often a word being typed.
MIN_CORRECTED_LENGTH = 3


def _is_known(word: str, vocabulary: list[str]) -> bool:
    """True when ``word`` is a known word or the start of one (typing in progress)."""
    at = bisect.bisect_left(vocabulary, word)
    return at < len(vocabulary) and vocabulary[at].startswith(word)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``.

    Phone typing swaps neighbouring letters ("hao" for "hoa") as often as it misses
    one, so a swap counts as one edit. Stops early above ``limit``.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def closest_word(
    word: str, vocabulary: list[str], frequency: dict[str, int]
) -> str | None:
    """The known word fewest edits away: one edit for short words, two for long.

    Among equally near words: the typed word without a doubled letter, then the
    one keeping the first letter, then the one with the same letters (a swap),
    then the one in most products.
    """
    limit = 1 if len(word) <= 5 else 2
    # A key held a moment too long ("cuu") is the likeliest slip of all.
    squeezed = re.sub(r"(.)\1+", r"\1", word)
    best, best_key = None, None
    for candidate in vocabulary:
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        key = (
            distance,
            candidate != squeezed,
            candidate[0] != word[0],
            sorted(candidate) != sorted(word),
            -frequency.get(candidate, 0),
            candidate,
        )
        if best_key is None or key < best_key:
            best, best_key = candidate, key
    return best


def spelling_suggestion(
    *, text: str, vocabulary: list[str], frequency: dict[str, int]
) -> str | None:
    """``text`` with each unknown word replaced by the closest known one.

    ``vocabulary`` is a sorted list of folded words, ``frequency`` the number of
    products each is found in. Returns None when every word is
    known or nothing close enough exists.
    """
    typed = words(text)
    corrected = []
    for word in typed:
        if len(word) < MIN_CORRECTED_LENGTH or _is_known(word, vocabulary):
            corrected.append(word)
        else:
            corrected.append(closest_word(word, vocabulary, frequency) or word)
    return " ".join(corrected) if corrected != typed else None
