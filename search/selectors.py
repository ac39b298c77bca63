"""Reads shared by every search backend."""

import hashlib
import time
from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

VOCABULARY_VERSION_KEY = "search:vocabulary:version"
COUNTS_VERSION_KEY = "search:counts:version"
#: Facet counts are reused this long at most, even if no change was signalled.
COUNTS_TIMEOUT = 5 * 60


def browsable_products() -> QuerySet:
    """Every product a buyer may find: the one place that says what is on sale.

    Listings, search, suggestions, facet counts and the Elasticsearch index all start
    here, and products an index returns are filtered through it again before they
    are shown, so a hidden product never appears even while an index lags behind.
    Add a rule (a suspended seller, a withdrawn product) as one more line here.
    """
    return Product._default_manager.on_sale()


def search_vocabulary() -> tuple[list[str], dict[str, int]]:
    """Every folded word of browsable products, sorted, and how many products have it.

    For "did you mean" suggestions.

    Cached; ``search.services`` bumps the version whenever a product's search text
    changes, so a new product's words are known at once. Each process keeps the
    version it last read, so a query costs a look-up of the version, not a copy of
    every word.
    """
    global _vocabulary_memo
    # A fresh number when the cache has none (emptied, restarted): a memo from
    # before can never match it.
    version = cache.get_or_set(VOCABULARY_VERSION_KEY, time.time_ns, timeout=None)
    if _vocabulary_memo[0] == version:
        return _vocabulary_memo[1]
    key = f"search:vocabulary:{version}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        frequency = _word_frequency()
        vocabulary = (sorted(frequency), frequency)
        cache.set(key, vocabulary, timeout=60 * 60)
    _vocabulary_memo = (version, vocabulary)
    return vocabulary


_vocabulary_memo: tuple = (None, None)


def _word_frequency() -> dict[str, int]:
    """How many browsable products have each folded word."""
    if connection.vendor == "postgresql":
        # Counted by PostgreSQL over the words of the search rows (one row per
        # product on sale): a fraction of a second at 100,000 products, where
        # splitting every text in Python takes seconds.
        from search.models import ProductSearchRow

        table = connection.ops.quote_name(ProductSearchRow._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat(%s)",
                [f"SELECT search_vector FROM {table}"],
            )
            return dict(cursor.fetchall())
    return dict(
        Counter(
            word
            for text in browsable_products().values_list("search_text", flat=True)
            for word in set(text.split())
        )
    )


def cached_counts(key: str, compute):
    """``compute()``, reused until the catalogue changes (``search_counts_invalidate``).

    Browse and category pages ask the same counts of every buyer; over 100,000
    products each costs a read of every row, so it is computed once per change.
    The counts are kept with the version they were computed under and the version
    is read with them, in one cache round trip.
    """
    digest = hashlib.sha1(key.encode()).hexdigest()
    entry_key = f"search:counts:{digest}"
    found = cache.get_many([COUNTS_VERSION_KEY, entry_key])
    version = found.get(COUNTS_VERSION_KEY)
    if version is None:
        # A fresh number when the cache has none (emptied, restarted): counts kept
        # from before can never match it.
        version = cache.get_or_set(COUNTS_VERSION_KEY, time.time_ns, timeout=None)
    entry = found.get(entry_key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(entry_key, (version, value), timeout=COUNTS_TIMEOUT)
    return value
