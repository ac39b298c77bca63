"""Reads of the catalogue shared by listings, content blocks and the product page."""

from django.db.models import Exists, OuterRef, Prefetch
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Option = get_model("catalogue", "Option")


def products_for_display(queryset=None):
    """Products with what a product card shows, fetched in a fixed number of queries."""
    queryset = Product._default_manager.all() if queryset is None else queryset
    # Oscar's Product.has_options reads these annotations, or asks the database
    # once per product card (the add-to-basket button depends on it).
    queryset = queryset.annotate(
        has_product_class_options=Exists(
            Option._default_manager.filter(productclass=OuterRef("product_class"))
        ),
        has_product_options=Exists(
            Option._default_manager.filter(product=OuterRef("pk"))
        ),
    )
    return queryset.select_related("product_class", "parent").prefetch_related(
        Prefetch(
            "stockrecords",
            queryset=StockRecord._default_manager.select_related("partner"),
        ),
        Prefetch(
            "images", queryset=ProductImage._default_manager.order_by("display_order")
        ),
        "categories",
    )


def product_listing(product_ids):
    """The products with ``product_ids``, in that order, ready to show as cards."""
    by_id = {p.id: p for p in products_for_display().filter(id__in=product_ids)}
    return [by_id[pk] for pk in product_ids if pk in by_id]


def featured_products(*, limit=8):
    """Currently rated OCOP products with the most stars first, for the home page."""
    ids = list(
        Product._default_manager.browsable()
        .filter(is_public=True)
        .currently_rated()
        .order_by("-ocop_stars", "-date_created")
        .values_list("id", flat=True)[:limit]
    )
    return product_listing(ids)
