"""Search backends: each answers a ``ProductQuery`` with a ``ProductSearchResult``.

``settings.SEARCH_BACKEND`` names the module (``search.backends.database`` by default,
``search.backends.elasticsearch`` when ``ELASTICSEARCH_URL`` is set); the storefront
calls ``product_search`` here and never a backend directly.

Answers are kept under the page cache's version (``kept_until_write``), so the same
question asked again (a campaign's visitors all searching "mận", another address of a
category page, the next language) is not searched again until a write changes what
it could answer. Stock levels do not change an answer: an allocation that takes the
last unit ("in stock") moves the version on, like every other write.
"""

import hashlib
from importlib import import_module

from django.conf import settings

from search.query import ProductQuery, ProductSearchResult
from shop.pagecache_versions import kept_until_write


def backend():
    """The configured backend module."""
    return import_module(settings.SEARCH_BACKEND)


def product_search(query: ProductQuery) -> ProductSearchResult:
    """Answer ``query`` with the configured backend (kept: see the module)."""
    question = repr((settings.SEARCH_BACKEND, query)).encode()
    return kept_until_write(
        "product-search:" + hashlib.sha256(question).hexdigest()[:32],
        lambda: backend().product_search(query),
    )
