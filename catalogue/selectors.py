"""Reads of the catalogue shared by listings, content blocks and the product page."""

from django.db.models import Exists, OuterRef, Prefetch
from oscar.core.loading import get_model

Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Option = get_model("catalogue", "Option")


def products_for_display(queryset=None):
    """Products with what a product card shows, fetched in a fixed number of queries."""
    queryset = Product._default_manager.all() if queryset is None else queryset
    return (
        queryset.select_related("product_class", "parent")
        # The add-to-basket form on every card asks ``product.has_options``; without
        # these (as in Oscar's ``base_queryset``) that is one query per card.
        .annotate(
            has_product_class_options=Exists(
                Option._default_manager.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(
                Option._default_manager.filter(product=OuterRef("pk"))
            ),
        )
        .prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.select_related("partner"),
            ),
            Prefetch(
                "images",
                queryset=ProductImage._default_manager.order_by("display_order"),
            ),
            "categories",
        )
    )


def product_listing(product_ids, *, available_only: bool = False):
    """The products with ``product_ids``, in that order, ready to show as cards.

    With ``available_only``, products that can no longer be bought (hidden, or no
    seller offers them at a price) are left out, so content chosen by an editor
    never shows a broken card.
    """
    queryset = products_available() if available_only else None
    by_id = {p.id: p for p in products_for_display(queryset).filter(id__in=product_ids)}
    return [by_id[pk] for pk in product_ids if pk in by_id]


def products_available(queryset=None):
    """Products on sale that some seller offers at a price: what a buyer can order.

    ``Exists`` rather than a join, so a product with two sellers is not listed twice.
    """
    queryset = Product._default_manager.all() if queryset is None else queryset
    priced = StockRecord._default_manager.filter(
        product=OuterRef("pk"), price__isnull=False
    )
    return queryset.on_sale().filter(Exists(priced))


def products_by_rule(
    *,
    limit: int,
    category=None,
    ocop_group: int | None = None,
    min_stars: int | None = None,
    seller=None,
    currently_rated: bool = True,
):
    """Available products matching an editor's rule, most stars first, as cards.

    ``category`` includes its subcategories; ``seller`` is a partner. The rule is
    evaluated at every render, so new, hidden or re-rated products show up (or drop
    out) without anyone editing the page.
    """
    queryset = products_available()
    if currently_rated:
        queryset = queryset.currently_rated()
    if category is not None:
        in_category = Product._default_manager.filter(
            categories__in=category.get_descendants_and_self()
        )
        queryset = queryset.filter(pk__in=in_category.values("pk"))
    if ocop_group:
        queryset = queryset.filter(ocop_group=ocop_group)
    if min_stars:
        queryset = queryset.filter(ocop_stars__gte=min_stars)
    if seller is not None:
        offered = StockRecord._default_manager.filter(partner=seller)
        queryset = queryset.filter(pk__in=offered.values("product_id"))
    ids = list(
        queryset.order_by("-ocop_stars", "-date_created").values_list("id", flat=True)[
            :limit
        ]
    )
    return product_listing(ids)


def featured_products(*, limit=8):
    """Currently rated OCOP products with the most stars first, for the home page."""
    return products_by_rule(limit=limit)
