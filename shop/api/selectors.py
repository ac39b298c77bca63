"""Reads for the open data API and datasets: only what is public, in few queries."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from oscar.core.loading import get_class, get_model

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
products_for_display = get_class("catalogue.selectors", "products_for_display")


def open_products() -> QuerySet:
    """Public products (no variants' children) with their seller, stock, images and
    categories prefetched, in a stable order (id)."""
    return products_for_display(
        Product._default_manager.browsable().filter(is_public=True)
    ).order_by("id")


def open_products_updated_since(
    *, queryset: QuerySet, since: datetime.datetime
) -> QuerySet:
    """Products whose own data or whose price and stock changed at or after ``since``.

    A price change touches only the stock record, so a harvester syncing by date must
    see it too.
    """
    stock_changed = StockRecord._default_manager.filter(
        product=OuterRef("pk"), date_updated__gte=since
    )
    return queryset.filter(Q(date_updated__gte=since) | Exists(stock_changed))


def open_sellers() -> QuerySet:
    """Sellers offering at least one public product, by id.

    A seller still being set up in the dashboard is not published.
    """
    offers_public = StockRecord._default_manager.filter(
        partner=OuterRef("pk"), product__is_public=True
    )
    return (
        Partner._default_manager.filter(Exists(offers_public))
        .only(
            "id",
            "name",
            "code",
            "seller_type",
            "commune",
            "province",
            "description",
            "logo",
        )
        .order_by("id")
    )


def open_categories() -> QuerySet:
    """Public categories by tree position, each annotated with its parent's id.

    The parent is found from the materialised path in the same query, because
    treebeard's ``get_parent()`` costs a query per category.
    """
    steplen = Category.steplen
    parent_id = Category._default_manager.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
    ).values("id")[:1]
    return (
        Category._default_manager.browsable()
        .annotate(parent_id=Subquery(parent_id))
        .order_by("path")
    )


def open_markets() -> QuerySet:
    """Chợ 4.0 markets with their stalls, by id (nothing about vendors or money)."""
    from django.db.models import Count, Prefetch

    from payments.markets.models import Market, Stall

    return (
        Market.objects.annotate(stall_count=Count("stalls"))
        .prefetch_related(
            Prefetch(
                "stalls",
                queryset=Stall.objects.only(
                    "id", "market_id", "number", "zone", "goods"
                ),
            )
        )
        .order_by("id")
    )
