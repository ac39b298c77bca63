"""Search backends: each answers a ``ProductQuery`` with a ``ProductSearchResult``.

``settings.SEARCH_BACKEND`` names the module (``search.backends.database`` by default,
``search.backends.elasticsearch`` when ``ELASTICSEARCH_URL`` is set); the storefront
calls ``product_search`` here and never a backend directly.
"""

from importlib import import_module

from django.conf import settings

from search.query import ProductQuery, ProductSearchResult


def backend():
    """The configured backend module."""
    return import_module(settings.SEARCH_BACKEND)


def product_search(query: ProductQuery) -> ProductSearchResult:
    """Answer ``query`` with the configured backend."""
    return backend().product_search(query)
