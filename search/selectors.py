"""Reads shared by every search backend."""

from collections import Counter

from django.core.cache import cache
from django.db.models import QuerySet
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

VOCABULARY_VERSION_KEY = "search:vocabulary:version"


def browsable_products() -> QuerySet:
    """Every product a buyer may find: the one place that says what is on sale.

    Listings, search, suggestions, facet counts and the Elasticsearch index all start
    here, and products an index returns are filtered through it again before they
    are shown, so a hidden product never appears even while an index lags behind.
    Add a rule (a suspended seller, a withdrawn product) as one more line here.
    """
    return Product._default_manager.browsable()


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
