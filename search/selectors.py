"""Reads shared by every search backend."""

import hashlib
from collections import Counter

from django.core.cache import cache
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
    changes, so a new product's words are known at once.
    """
    version = cache.get_or_set(VOCABULARY_VERSION_KEY, 1, timeout=None)
    key = f"search:vocabulary:{version}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        frequency = Counter(
            word
            for text in browsable_products().values_list("search_text", flat=True)
            for word in set(text.split())
        )
        vocabulary = (sorted(frequency), dict(frequency))
        cache.set(key, vocabulary, timeout=60 * 60)
    return vocabulary


def cached_counts(key: str, compute):
    """``compute()``, reused until the catalogue changes (``search_counts_invalidate``).

    Browse and category pages ask the same counts of every buyer; over 100,000
    products each costs several table scans, so it is computed once per change.
    """
    version = cache.get_or_set(COUNTS_VERSION_KEY, 1, timeout=None)
    digest = hashlib.sha1(key.encode()).hexdigest()
    full_key = f"search:counts:{version}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=COUNTS_TIMEOUT)
    return value
