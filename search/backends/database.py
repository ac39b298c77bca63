"""The default search backend: plain database queries, on SQLite and PostgreSQL."""

from django.db.models import Count, Q
from oscar.core.loading import get_model

from search.query import ProductQuery, ProductSearchResult

Product = get_model("catalogue", "Product")


def _browsable_products():
    return Product._default_manager.on_sale()


def product_search(query: ProductQuery) -> ProductSearchResult:
    """Answer ``query`` with one page of product ids, grouped by OCOP group."""
    products = _browsable_products()
    if query.category_ids:
        products = products.filter(categories__in=query.category_ids).distinct()
    if query.text:
        products = products.filter(
            Q(title__icontains=query.text) | Q(description__icontains=query.text)
        )
    group_counts = {
        row["ocop_group"]: row["n"]
        for row in products.order_by()
        .values("ocop_group")
        .annotate(n=Count("id", distinct=True))
    }
    if query.ocop_group:
        products = products.filter(ocop_group=query.ocop_group)
    total = products.count()
    start = (query.page - 1) * query.per_page
    ids = list(
        products.order_by("ocop_group", "-ocop_stars", "title", "id").values_list(
            "id", flat=True
        )[start : start + query.per_page]
    )
    return ProductSearchResult(
        product_ids=ids, total=total, facets={"ocop_group": group_counts}
    )
