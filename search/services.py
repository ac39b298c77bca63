"""Writes of the search app: the folded search text kept on every product."""

import time
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from search.selectors import COUNTS_VERSION_KEY, VOCABULARY_VERSION_KEY
from search.text import search_text

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def product_search_fields(*, product) -> tuple[str, str]:
    """The folded title and the folded full text a product is found by.

    The full text holds what a buyer may type: title, description, categories,
    origin, standards and the seller's name. Reads ``categories.all()`` and
    ``stockrecords.all()``, so prefetch them when folding many products.
    """
    title = search_text(product.title)
    text = search_text(
        product.title,
        " ".join(category.name for category in product.categories.all()),
        " ".join(record.partner.name for record in product.stockrecords.all()),
        product.origin_commune,
        product.origin_province,
        product.standards,
        strip_tags(product.description or ""),
    )
    return title, text


def product_search_text_refresh(*, product_ids: Iterable[int]) -> int:
    """Fold again the search text of the products with ``product_ids``.

    Called after a product, its categories, its stock records or its seller
    change; writes with ``bulk_update`` so no save signal fires again. Returns the
    number of products written.
    """
    ids = list(product_ids)
    if not ids:
        return 0
    products = list(
        Product._default_manager.filter(id__in=ids)
        .only(
            "id",
            "title",
            "description",
            "origin_commune",
            "origin_province",
            "standards",
            "search_title",
            "search_text",
        )
        .prefetch_related(
            "categories",
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.select_related("partner").only(
                    "id", "product_id", "partner__name"
                ),
            ),
        )
    )
    changed = []
    for product in products:
        fields = product_search_fields(product=product)
        if fields != (product.search_title, product.search_text):
            product.search_title, product.search_text = fields
            changed.append(product)
    Product._default_manager.bulk_update(
        changed, ["search_title", "search_text"], batch_size=500
    )
    if changed:
        product_search_vector_update(product_ids=[p.pk for p in changed])
        search_vocabulary_invalidate()
    return len(changed)


def product_search_vector_update(*, product_ids: Iterable[int] | None = None) -> None:
    """On PostgreSQL, index the words of the search text (all products if no ids)."""
    if connection.vendor != "postgresql":
        return
    products = Product._default_manager.all()
    if product_ids is not None:
        products = products.filter(id__in=list(product_ids))
    products.update(search_vector=SearchVector("search_text", config="simple"))


def search_counts_invalidate() -> None:
    """Forget cached facet counts: a product, its stock, seller or category changed."""
    cache.set(COUNTS_VERSION_KEY, time.time_ns(), timeout=None)


def search_vocabulary_invalidate() -> None:
    """Forget the cached spelling vocabulary; the next suggestion rebuilds it."""
    # A fresh version, not an increment: a lost counter must never bring an old
    # vocabulary back.
    cache.set(VOCABULARY_VERSION_KEY, time.time_ns(), timeout=None)
