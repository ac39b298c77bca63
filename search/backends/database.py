"""The default search backend: database queries on SQLite and PostgreSQL.

Words match the folded search text kept on every product (``search.services``), at
the start of a word, so "man tam hoa" finds "Mận tam hoa" on any database. On
PostgreSQL every query is answered from the search rows, one narrow indexed row per
product on sale (``search.backends.database_rows``); elsewhere (SQLite: the demo and
the tests) from the catalogue itself, with ``LIKE`` over the folded text, below.
Slips are corrected against the catalogue's own words (``search.spelling``), the
same way on both. Facet counts are ``COUNT`` queries in the database, never products
loaded into Python, reused until the catalogue changes.
"""

import dataclasses
import operator
from functools import reduce

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from search.backends import database_rows
from search.query import PRICE_RANGES, ProductQuery, ProductSearchResult, Sort
from search.selectors import browsable_products, cached_counts, search_vocabulary
from search.spelling import spelling_suggestion
from search.text import TEXT_POINTS, TITLE_POINTS, minimum_should_match, words

StockRecord = get_model("partner", "StockRecord")
ProductCategory = get_model("catalogue", "ProductCategory")


def product_search(query: ProductQuery) -> ProductSearchResult:
    """Answer ``query``; words that find nothing are answered by their correction."""
    tokens = words(query.text)
    if not tokens:
        return _search(query, tokens)
    # Read once per search (one cache look-up), for the word index and spelling.
    known = search_vocabulary()
    result = _search(query, tokens, known)
    vocabulary, frequency = known
    suggestion = spelling_suggestion(
        text=query.text, vocabulary=vocabulary, frequency=frequency
    )
    if suggestion and result.total == 0:
        corrected = _search(query, words(suggestion), known)
        if corrected.total:
            return dataclasses.replace(corrected, suggestion=suggestion, corrected=True)
    return dataclasses.replace(result, suggestion=suggestion)


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _word_q(token: str) -> Q:
    """Products with ``token`` at the start of a word of their search text."""
    return Q(search_text__contains=f" {token}")


def _text_filter(products: QuerySet, tokens: list[str]) -> QuerySet:
    needed = minimum_should_match(len(tokens))
    word_qs = [_word_q(token) for token in tokens]
    products = products.filter(reduce(operator.or_, word_qs))
    if needed > 1:
        matched = reduce(
            operator.add,
            [Case(When(q, then=Value(1)), default=Value(0)) for q in word_qs],
        )
        products = products.alias(_matched=matched).filter(_matched__gte=needed)
    return products


def _relevance(tokens: list[str]):
    """Points for each query word by where it is found; higher first."""
    parts = []
    for token in tokens:
        whens = [
            When(search_title__contains=f" {token}", then=Value(TITLE_POINTS)),
            When(search_text__contains=f" {token}", then=Value(TEXT_POINTS)),
        ]
        parts.append(Case(*whens, default=Value(0), output_field=IntegerField()))
    return reduce(operator.add, parts)


def _rated_q(today) -> Q:
    return Q(
        ocop_stars__isnull=False,
        ocop_decision_date__lte=today,
        ocop_valid_until__gte=today,
    )


def _stock_exists(**lookups) -> Exists:
    return Exists(
        StockRecord._default_manager.filter(product=OuterRef("pk"), **lookups)
    )


def _price_q(low: int | None, high: int | None) -> Q:
    lookups = {}
    if low is not None:
        lookups["price__gte"] = low
    if high is not None:
        lookups["price__lt"] = high
    return Q(_stock_exists(**lookups))


def _in_stock_q() -> Q:
    return Q(_stock_exists(num_in_stock__gt=Coalesce(F("num_allocated"), 0)))


def _filters(query: ProductQuery, today) -> dict[str, Q]:
    """One condition per facet the buyer narrowed, keyed by facet name."""
    filters = {}
    if query.category_ids:
        filters["category"] = Q(
            Exists(
                ProductCategory._default_manager.filter(
                    product=OuterRef("pk"), category_id__in=query.category_ids
                )
            )
        )
    if query.ocop_groups:
        filters["ocop_group"] = Q(ocop_group__in=query.ocop_groups)
    if query.stars:
        filters["stars"] = Q(ocop_stars__in=query.stars) & _rated_q(today)
    if query.provinces:
        filters["province"] = Q(origin_province__in=query.provinces)
    if query.seller_ids:
        filters["seller"] = Q(_stock_exists(partner_id__in=query.seller_ids))
    if query.price_min is not None or query.price_max is not None:
        filters["price"] = _price_q(query.price_min, query.price_max)
    if query.in_stock:
        filters["in_stock"] = _in_stock_q()
    return filters


def _all_but(filters: dict[str, Q], facet: str | None = None) -> Q:
    return reduce(
        operator.and_, (q for name, q in filters.items() if name != facet), Q()
    )


def _search(query: ProductQuery, tokens: list[str], known=None) -> ProductSearchResult:
    """``known``: ``search_vocabulary()`` when there are words (PostgreSQL reads it)."""
    today = timezone.localdate()
    if _on_postgresql():
        return database_rows.search(query, tokens, today, known)
    base = browsable_products()
    if query.scope_category_ids:
        base = base.filter(
            Exists(
                ProductCategory._default_manager.filter(
                    product=OuterRef("pk"), category_id__in=query.scope_category_ids
                )
            )
        )
    if tokens:
        base = _text_filter(base, tokens)
    filters = _filters(query, today)
    matching = base.filter(_all_but(filters))
    if query.facets:
        # Counts depend on the words and choices, not on the page or the sort.
        counted = dataclasses.replace(
            query, text="", page=1, per_page=0, sort=Sort.RELEVANCE
        )
        key = repr((tokens, counted, today))
        facets, labels, total = cached_counts(
            key, lambda: _facet_counts(base, filters, today)
        )
    else:
        facets, labels, total = {}, {}, matching.count()
    ids = []
    if total:
        ordered = _ordered(matching, query, tokens, today)
        ids = list(
            ordered.values_list("id", flat=True)[
                query.offset : query.offset + query.per_page
            ]
        )
    return ProductSearchResult(
        product_ids=ids, total=total, facets=facets, facet_labels=labels
    )


def _ordered(products: QuerySet, query: ProductQuery, tokens, today) -> QuerySet:
    current_stars = Case(
        When(_rated_q(today), then=F("ocop_stars")),
        default=Value(0),
        output_field=IntegerField(),
    )
    if query.sort in (Sort.PRICE_ASC, Sort.PRICE_DESC):
        lowest = Subquery(
            StockRecord._default_manager.filter(product=OuterRef("pk"))
            .order_by()
            .values("product")
            .annotate(lowest=Min("price"))
            .values("lowest")
        )
        products = products.alias(_price=lowest)
        price = (
            F("_price").asc(nulls_last=True)
            if query.sort == Sort.PRICE_ASC
            else F("_price").desc(nulls_last=True)
        )
        return products.order_by(price, "id")
    if query.sort == Sort.NEWEST:
        return products.order_by("-date_created", "-id")
    if query.sort == Sort.STARS:
        return products.alias(_stars=current_stars).order_by("-_stars", "title", "id")
    if tokens:
        return products.alias(
            _relevance=_relevance(tokens), _stars=current_stars
        ).order_by("-_relevance", "-_stars", "title", "id")
    # Browsing: the storefront shows products under a heading per OCOP group.
    return products.order_by(
        F("ocop_group").asc(nulls_last=True), "-ocop_stars", "title", "id"
    )


def _count(condition: Q) -> Count:
    return Count("id", filter=condition) if condition else Count("id")


def _facet_counts(base: QuerySet, filters: dict[str, Q], today):
    """Counts for every facet value, each with the other facets' choices applied."""
    aggregates = {"total": _count(_all_but(filters))}
    for group in OcopGroup.values:
        aggregates[f"ocop_group:{group}"] = _count(
            _all_but(filters, "ocop_group") & Q(ocop_group=group)
        )
    for stars in range(MIN_STARS, MAX_STARS + 1):
        aggregates[f"stars:{stars}"] = _count(
            _all_but(filters, "stars") & Q(ocop_stars=stars) & _rated_q(today)
        )
    row = base.aggregate(**aggregates)
    facets = {name: {} for name in ("ocop_group", "stars")}
    for key, count in row.items():
        if ":" in key and count:
            name, value = key.split(":")
            facets[name][int(value)] = count

    # Price and stock live on stock records: count them there, once per product.
    def products_for(facet):
        return base.filter(_all_but(filters, facet)).values("id")

    price_row = (
        StockRecord._default_manager.filter(product__in=products_for("price"))
        .order_by()
        .aggregate(
            **{
                key: Count(
                    "product_id",
                    distinct=True,
                    filter=Q(price__gte=low) & (Q(price__lt=high) if high else Q()),
                )
                for key, low, high in PRICE_RANGES
            }
        )
    )
    facets["price"] = {key: count for key, count in price_row.items() if count}
    in_stock = (
        StockRecord._default_manager.filter(
            product__in=products_for("in_stock"),
            num_in_stock__gt=Coalesce(F("num_allocated"), 0),
        )
        .order_by()
        .aggregate(n=Count("product_id", distinct=True))["n"]
    )
    facets["in_stock"] = {True: in_stock} if in_stock else {}
    facets["province"] = {
        row["origin_province"]: row["n"]
        for row in base.filter(_all_but(filters, "province"))
        .exclude(origin_province="")
        .order_by()
        .values("origin_province")
        .annotate(n=Count("id"))
    }
    labels = {"seller": {}, "category": {}}
    facets["seller"] = {}
    for seller in (
        StockRecord._default_manager.filter(product__in=products_for("seller"))
        .order_by()
        .values("partner_id", "partner__name")
        .annotate(n=Count("product_id", distinct=True))
    ):
        facets["seller"][seller["partner_id"]] = seller["n"]
        labels["seller"][seller["partner_id"]] = seller["partner__name"]
    facets["category"] = {}
    for category in (
        ProductCategory._default_manager.filter(product__in=products_for("category"))
        .order_by()
        .values("category_id", "category__name", "category__name_en")
        .annotate(n=Count("product_id", distinct=True))
    ):
        facets["category"][category["category_id"]] = category["n"]
        labels["category"][category["category_id"]] = (
            category["category__name"],
            category["category__name_en"],
        )
    return facets, labels, row["total"]
