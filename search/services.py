"""Writes of the search app: the folded search text kept on every product, and the
database backend's search rows on PostgreSQL (``search.models.ProductSearchRow``)."""

import time
from collections.abc import Iterable

from django.contrib.postgres.aggregates import BitOr
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    PositiveSmallIntegerField,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from search.models import ProductSearchRow
from search.query import PRICE_RANGES
from search.selectors import (
    COUNTS_VERSION_KEY,
    VOCABULARY_VERSION_KEY,
    browsable_products,
)
from search.text import search_text

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def product_search_fields(*, product) -> tuple[str, str]:
    """The folded title and the folded full text a product is found by.

    The full text holds what a buyer may type: title, description, categories (both
    names), origin, standards and the seller's name. Reads ``categories.all()`` and
    ``stockrecords.all()``, so prefetch them when folding many products.
    """
    title = search_text(product.title)
    text = search_text(
        product.title,
        # Both names, so "tea" finds what the English menu calls Tea.
        " ".join(f"{c.name} {c.name_en}" for c in product.categories.all()),
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
        search_vocabulary_invalidate()
    return len(changed)


#: How ``stars_now``, ``stars_from`` and ``stars_until`` follow from the rating and
#: a date (the parameter): the stars in force that day, and the dates around it
#: between which that stays so.
_IN_FORCE = (
    "ocop_stars IS NOT NULL AND ocop_decision_date <= %s AND ocop_valid_until >= %s"
)
_STARS_NOW = (
    (
        "stars_now",
        f"CASE WHEN {_IN_FORCE} THEN ocop_stars ELSE 0 END",
        PositiveSmallIntegerField(),
    ),
    (
        "stars_from",
        f"CASE WHEN {_IN_FORCE} THEN ocop_decision_date "
        "WHEN ocop_valid_until < %s THEN ocop_valid_until + 1 END",
        DateField(),
    ),
    (
        "stars_until",
        f"CASE WHEN {_IN_FORCE} THEN ocop_valid_until "
        "WHEN ocop_decision_date > %s THEN ocop_decision_date - 1 END",
        DateField(),
    ),
)

#: Columns of ``ProductSearchRow`` in the order ``_search_row_values`` selects them.
_ROW_COLUMNS = (
    "product_id",
    "title",
    "date_created",
    "ocop_group",
    "ocop_stars",
    "ocop_decision_date",
    "ocop_valid_until",
    "origin_province",
    "stars_now",
    "stars_from",
    "stars_until",
    "min_price",
    "max_price",
    "prices",
    "price_ranges",
    "seller_ids",
    "category_ids",
    "sole_seller_id",
    "sole_category_id",
    "in_stock",
    "search_vector",
    "title_vector",
)


def _search_row_values(products: QuerySet) -> QuerySet:
    """``products`` as the values of their search rows, one column per row field."""
    records = StockRecord._default_manager.filter(product=OuterRef("pk")).order_by()
    priced = records.filter(price__isnull=False)
    as_bigint = BigIntegerField()
    today = timezone.localdate()

    def price(aggregate):
        return Cast(
            Subquery(
                priced.values("product").annotate(p=aggregate("price")).values("p")
            ),
            as_bigint,
        )

    def sole(related, column):
        # The one distinct ``column`` of ``related``, or None for none or several.
        return Cast(
            Subquery(
                related.values("product")
                .annotate(n=Count(column, distinct=True), only=Max(column))
                .filter(n=1)
                .values("only")
            ),
            as_bigint,
        )

    in_range = Case(
        *(
            When(
                Q(p__gte=low) & (Q(p__lt=high) if high is not None else Q()),
                then=Value(1 << n),
            )
            for n, (_key, low, high) in enumerate(PRICE_RANGES)
        ),
        default=Value(0),
    )

    return (
        products.order_by()
        .annotate(
            **{
                f"_{name}": RawSQL(sql, (today,) * sql.count("%s"), output_field=field)
                for name, sql, field in _STARS_NOW
            },
            _min_price=price(Min),
            _max_price=price(Max),
            _prices=ArraySubquery(
                priced.annotate(p=Cast("price", as_bigint)).values("p").distinct()
            ),
            _price_ranges=Coalesce(
                Subquery(
                    priced.annotate(p=Cast("price", as_bigint))
                    .values("product")
                    .annotate(ranges=BitOr(in_range))
                    .values("ranges")
                ),
                0,
            ),
            _seller_ids=ArraySubquery(
                records.annotate(s=Cast("partner_id", as_bigint)).values("s").distinct()
            ),
            _category_ids=ArraySubquery(
                ProductCategory._default_manager.filter(product=OuterRef("pk"))
                .order_by()
                .annotate(c=Cast("category_id", as_bigint))
                .values("c")
                .distinct()
            ),
            _sole_seller_id=sole(records, "partner_id"),
            _sole_category_id=sole(
                ProductCategory._default_manager.filter(
                    product=OuterRef("pk")
                ).order_by(),
                "category_id",
            ),
            _in_stock=Exists(
                records.filter(num_in_stock__gt=Coalesce(F("num_allocated"), 0))
            ),
            _search_vector=SearchVector("search_text", config="simple"),
            _title_vector=SearchVector("search_title", config="simple"),
        )
        .values_list(
            "id",
            "title",
            "date_created",
            "ocop_group",
            "ocop_stars",
            "ocop_decision_date",
            "ocop_valid_until",
            "origin_province",
            "_stars_now",
            "_stars_from",
            "_stars_until",
            "_min_price",
            "_max_price",
            "_prices",
            "_price_ranges",
            "_seller_ids",
            "_category_ids",
            "_sole_seller_id",
            "_sole_category_id",
            "_in_stock",
            "_search_vector",
            "_title_vector",
        )
    )


def product_search_rows_refresh(*, product_ids: Iterable[int] | None = None) -> None:
    """On PostgreSQL, write again the search rows of ``product_ids`` (all if None).

    A product on sale gets its row written (left alone when nothing in it changed),
    one no longer on sale loses it. A variant's change refreshes its parent, the
    product buyers find. A few statements whatever the number of products, so it
    runs inside the change's own transaction.
    """
    if connection.vendor != "postgresql":
        return
    rows = ProductSearchRow._default_manager.all()
    on_sale = browsable_products()
    if product_ids is not None:
        ids = {pk for pk in product_ids if pk}
        if not ids:
            return
        ids.update(
            Product._default_manager.filter(
                id__in=ids, parent__isnull=False
            ).values_list("parent_id", flat=True)
        )
        on_sale = on_sale.filter(id__in=ids)
        rows = rows.filter(product_id__in=ids)
    rows.exclude(product_id__in=on_sale.values("id")).delete()
    select, params = _search_row_values(on_sale).query.sql_with_params()
    table = connection.ops.quote_name(ProductSearchRow._meta.db_table)
    columns = ", ".join(_ROW_COLUMNS)
    updated = ", ".join(f"{c} = EXCLUDED.{c}" for c in _ROW_COLUMNS[1:])
    current = ", ".join(f"{table}.{c}" for c in _ROW_COLUMNS[1:])
    excluded = ", ".join(f"EXCLUDED.{c}" for c in _ROW_COLUMNS[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {select} "
            f"ON CONFLICT (product_id) DO UPDATE SET {updated} "
            # An unchanged row is not rewritten: a sale that leaves a product in
            # stock writes nothing here.
            f"WHERE ({current}) IS DISTINCT FROM ({excluded})",
            params,
        )


def product_search_rows_vacuum() -> bool:
    """On PostgreSQL, outside a transaction, vacuum and analyse the search rows.

    Facet counts read the rows' covering index without visiting the rows only on
    pages the visibility map marks as unchanged since the last vacuum, so after
    rewriting every row (``search_index rebuild``, a catalogue import) the table is
    vacuumed at once instead of waiting for autovacuum. Returns whether it ran.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    table = connection.ops.quote_name(ProductSearchRow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {table}")
    return True


def product_search_rows_stars_update(*, today) -> int:
    """On PostgreSQL, bring ``stars_now`` up to date on rows whose window ``today``
    left (a rating that started or lapsed); returns how many rows changed.

    One indexed statement, a no-op on most days. Two processes meeting at midnight
    update the same rows in the same (index) order: the second waits for the first
    and then finds them up to date.
    """
    if connection.vendor != "postgresql":
        return 0
    table = connection.ops.quote_name(ProductSearchRow._meta.db_table)
    assignments = ", ".join(f"{name} = {sql}" for name, sql, _field in _STARS_NOW)
    params = [today] * assignments.count("%s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} "
            "WHERE stars_from > %s OR stars_until < %s",
            [*params, today, today],
        )
        changed = cursor.rowcount
    if changed:
        search_counts_invalidate()
    return changed


def search_counts_invalidate() -> None:
    """Forget cached facet counts: a product, its stock, seller or category changed."""
    cache.set(COUNTS_VERSION_KEY, time.time_ns(), timeout=None)


def search_vocabulary_invalidate() -> None:
    """Forget the cached spelling vocabulary; the next suggestion rebuilds it.

    Bumped now and again once the change is committed: a vocabulary read by another
    request before the commit (without the new words) is dropped too, since the
    database backend matches typed words against it.
    """
    # A fresh version, not an increment: a lost counter must never bring an old
    # vocabulary back.
    cache.set(VOCABULARY_VERSION_KEY, time.time_ns(), timeout=None)
    transaction.on_commit(
        lambda: cache.set(VOCABULARY_VERSION_KEY, time.time_ns(), timeout=None)
    )
