"""Reads of the catalogue shared by listings, content blocks and the product page."""

from functools import partial

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.listings import ProductListing
from shop.pagecache_versions import kept_until_write

Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
OrderLine = get_model("order", "Line")
ProductReview = get_model("reviews", "ProductReview")

#: Orders in this status sold nothing (payments.services.CANCELLED).
CANCELLED = "Cancelled"


def _sold_count():
    """Units of the product (or its variants) in orders that were not cancelled.

    Two correlated subqueries per listing (the product's own lines, its variants'
    lines), summed over the few products shown. Not one with ``product = p OR
    product.parent = p``: PostgreSQL answers that OR with a scan of every order line
    joined to every product, for each product shown (issue 19).
    """

    def units(lines):
        lines = (
            lines.exclude(order__status=CANCELLED)
            .order_by()
            # SUM as a plain function: no GROUP BY, one row for all the lines.
            .annotate(total=Func(F("quantity"), function="SUM"))
            .values("total")
        )
        return Coalesce(Subquery(lines, output_field=IntegerField()), 0)

    lines = OrderLine._default_manager
    return units(lines.filter(product=OuterRef("pk"))) + units(
        lines.filter(product__parent=OuterRef("pk"))
    )


def _review_count():
    """The product's approved reviews (what its average rating is made of)."""
    reviews = (
        ProductReview._default_manager.filter(
            product=OuterRef("pk"), status=ProductReview.APPROVED
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(reviews, output_field=IntegerField()), 0)


def with_counts(queryset):
    """Products annotated with ``num_sold`` and ``num_reviews``: real counts from
    orders and approved reviews, computed in the listing's own query."""
    return queryset.annotate(num_sold=_sold_count(), num_reviews=_review_count())


def with_option_flags(queryset):
    """Products annotated as Oscar's ``base_queryset`` does, so that
    ``product.has_options`` (asked by every add-to-basket form) is no query."""
    return queryset.annotate(
        has_product_class_options=Exists(
            Option._default_manager.filter(productclass=OuterRef("product_class"))
        ),
        has_product_options=Exists(
            Option._default_manager.filter(product=OuterRef("pk"))
        ),
    )


def products_for_display(queryset=None, *, categories: bool = True):
    """Products with what a product card shows, fetched in a fixed number of queries;
    with their categories (the product page's breadcrumbs, the API) unless
    ``categories`` is false (cards do not show them)."""
    queryset = Product._default_manager.all() if queryset is None else queryset
    queryset = (
        with_counts(with_option_flags(queryset))
        .select_related("product_class", "parent")
        .prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.select_related("partner"),
            ),
            Prefetch(
                "images",
                queryset=ProductImage._default_manager.order_by("display_order"),
            ),
        )
    )
    return queryset.prefetch_related("categories") if categories else queryset


def product_listing(product_ids, *, available_only: bool = False) -> ProductListing:
    """The products with ``product_ids``, in that order, ready to show as cards:
    read when first used, and kept with their cards (catalogue/listings.py).

    With ``available_only``, products that can no longer be bought (hidden, or no
    seller offers them at a price) are left out, so content chosen by an editor
    never shows a broken card.
    """
    return ProductListing(
        product_ids,
        read=partial(_products_read, available_only=available_only),
        kind="available" if available_only else "all",
    )


def _products_read(product_ids, *, available_only: bool) -> list:
    queryset = products_available() if available_only else None
    listed = products_for_display(queryset, categories=False).filter(id__in=product_ids)
    by_id = {p.id: p for p in listed}
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


def products_by_rule(*, limit: int, **rule):
    """Available products matching an editor's rule, most stars first, as cards.

    ``category`` includes its subcategories; ``seller`` is a partner. The rule is
    evaluated at every render, so new, hidden or re-rated products show up (or drop
    out) without anyone editing the page.
    """
    return product_listing(product_ids_by_rule(limit=limit, **rule))


def product_ids_by_rule(
    *,
    limit: int,
    category=None,
    ocop_group: int | None = None,
    min_stars: int | None = None,
    seller=None,
    currently_rated: bool = True,
) -> list[int]:
    """The ids of ``products_by_rule``, in its order (one query, kept until a write
    or the next day)."""

    def read() -> list[int]:
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
        return list(
            queryset.order_by("-ocop_stars", "-date_created").values_list(
                "id", flat=True
            )[:limit]
        )

    rule = (
        limit,
        getattr(category, "pk", None),
        ocop_group,
        min_stars,
        getattr(seller, "pk", None),
        currently_rated,
        timezone.localdate().isoformat(),  # a rating lapses at midnight
    )
    return kept_until_write("product-ids:" + ":".join(map(str, rule)), read)


def featured_products(*, limit=8):
    """Currently rated OCOP products with the most stars first, for the home page."""
    return products_by_rule(limit=limit)


def review_breakdown(product) -> list[dict]:
    """How many approved reviews gave each score, 5 down to 1, with the share of
    all approved reviews (for the bars beside the average)."""
    from django.db.models import Count

    counts = dict(
        ProductReview._default_manager.filter(
            product=product, status=ProductReview.APPROVED
        )
        .order_by()
        .values_list("score")
        .annotate(n=Count("pk"))
    )
    total = sum(counts.values())
    return [
        {
            "score": score,
            "count": counts.get(score, 0),
            "percent": round(100 * counts.get(score, 0) / total) if total else 0,
        }
        for score in range(5, 0, -1)
    ]


def related_products(product, *, limit: int = 8) -> list:
    """Other products of the same seller first, then of the same OCOP group: what
    a buyer looking at ``product`` may want next, as cards."""
    seller = product.seller
    picked = []
    if seller is not None:
        picked += product_ids_by_rule(
            limit=limit + 1, seller=seller, currently_rated=False
        )
    if product.ocop_group and len(picked) <= limit:
        picked += product_ids_by_rule(limit=limit + 1, ocop_group=product.ocop_group)
    # Both rules' products as cards in one listing (its queries are the page's
    # dearest), without the product itself or repeats.
    related = list(dict.fromkeys(pk for pk in picked if pk != product.pk))
    return product_listing(related[:limit])
