"""Facet counts of the database backend on PostgreSQL, from the search rows.

Every count is one read of the matching search rows (``search.models``), through
the covering index ``search_row_facets`` when no words narrow them: see
``facet_counts``.
"""

import operator
from functools import reduce

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from oscar.core.loading import get_model

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from search.query import FACETS, PRICE_RANGES

Partner = get_model("partner", "Partner")
Category = get_model("catalogue", "Category")


def all_but(filters: dict[str, Q], facet: str | None = None) -> Q:
    """Every condition of ``filters`` but ``facet``'s, as one (empty: all rows)."""
    return reduce(
        operator.and_, (q for name, q in filters.items() if name != facet), Q()
    )


def facet_counts(base: QuerySet, filters: dict[str, Q], today):
    """Counts for every facet value, each with the other facets' choices applied.

    One read of the matching rows, grouped three ways at once (``GROUPING SETS``):
    by the few-valued columns (OCOP group, stars, stock, province, the price ranges
    it has prices in and whether each choice of the buyer holds), by the seller and
    by the category. Each facet's counts are summed from the groups that pass the
    other facets' choices. At 100,000 products that is one scan of the table, where
    a query per facet read it four times. Sellers and categories are grouped by the
    row's one seller and one category (a number), and by the whole array only for
    the few products with several, whose one is then empty.
    """
    flags = {f"f_{name}": q for name, q in filters.items()}
    # (The loop below reads these five by position.)
    few = ["ocop_group", "stars_now", "in_stock", "origin_province", "price_ranges"]
    few += list(flags)
    rows = base.order_by().annotate(
        **{
            name: ExpressionWrapper(q, output_field=BooleanField())
            for name, q in flags.items()
        },
        ok_seller=_holds(all_but(filters, "seller")),
        ok_category=_holds(all_but(filters, "category")),
        several_sellers=_unless_sole("seller"),
        several_categories=_unless_sole("category"),
    )
    inner, params = rows.values(
        *few,
        "ok_seller",
        "ok_category",
        "sole_seller_id",
        "several_sellers",
        "sole_category_id",
        "several_categories",
    ).query.sql_with_params()
    listed = ", ".join(few)
    sql = (
        f"SELECT {listed}, ok_seller, ok_category, "
        "sole_seller_id, several_sellers, sole_category_id, several_categories, "
        "GROUPING(sole_seller_id), GROUPING(sole_category_id), count(*) "
        f"FROM ({inner}) AS matched GROUP BY GROUPING SETS (({listed}), "
        "(sole_seller_id, several_sellers, ok_seller), "
        "(sole_category_id, several_categories, ok_category))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        groups = cursor.fetchall()
    facets = {name: {} for name in FACETS}
    total = 0
    ocop_groups = set(OcopGroup.values)  # (a property: a new list each time)
    price_keys = [key for key, _low, _high in PRICE_RANGES]
    width = len(few)
    flag_at = [(name, width - len(filters) + n) for n, name in enumerate(filters)]
    for group in groups:
        # GROUPING(column) is 0 in the set grouped by that column.
        (
            ok_seller,
            ok_category,
            sole_seller,
            several_sellers,
            sole_category,
            several_categories,
            not_sellers,
            not_categories,
        ) = group[width:-1]
        count = group[-1]
        if not not_sellers:
            if ok_seller:
                sellers = [sole_seller] if sole_seller else several_sellers
                _add(facets["seller"], sellers, count)
            continue
        if not not_categories:
            if ok_category:
                categories = [sole_category] if sole_category else several_categories
                _add(facets["category"], categories, count)
            continue
        # The choices this group fails: a facet counts it when none but its own.
        failing = [name for name, at in flag_at if not group[at]]
        if len(failing) > 1:
            continue
        only = failing[0] if failing else None
        group_value, stars, in_stock, province, ranges = group[:5]
        if only is None:
            total += count
        if only in (None, "ocop_group") and group_value in ocop_groups:
            _add(facets["ocop_group"], [group_value], count)
        if only in (None, "stars") and MIN_STARS <= stars <= MAX_STARS:
            _add(facets["stars"], [stars], count)
        if only in (None, "price"):
            keys = [key for n, key in enumerate(price_keys) if ranges & (1 << n)]
            _add(facets["price"], keys, count)
        if only in (None, "in_stock") and in_stock:
            _add(facets["in_stock"], [True], count)
        if only in (None, "province") and province:
            _add(facets["province"], [province], count)
    facets = {
        name: dict(sorted(counts.items(), key=lambda item: str(item[0])))
        for name, counts in facets.items()
    }
    labels = {
        "seller": dict(
            Partner._default_manager.filter(id__in=facets["seller"]).values_list(
                "id", "name"
            )
        ),
        "category": {
            pk: (name, name_en)
            for pk, name, name_en in Category._default_manager.filter(
                id__in=facets["category"]
            ).values_list("id", "name", "name_en")
        },
    }
    return facets, labels, total


def _holds(condition: Q):
    """``condition`` as a column (true when there is none)."""
    if not condition:
        return Value(True, output_field=BooleanField())
    return ExpressionWrapper(condition, output_field=BooleanField())


def _unless_sole(facet: str):
    """The row's array of ``facet`` ids when it has not exactly one (else NULL)."""
    return Case(
        When(**{f"sole_{facet}_id__isnull": True}, then=F(f"{facet}_ids")),
        default=None,
    )


def _add(counts: dict, values, count: int) -> None:
    for value in values:
        counts[value] = counts.get(value, 0) + count
