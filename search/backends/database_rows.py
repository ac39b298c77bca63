"""The database backend on PostgreSQL: every query answered from the search rows.

``search.models.ProductSearchRow`` holds one narrow row per product on sale, so a
filter, a sort, a page and each facet count is one scan of one table, most of them
through an index: words through a GIN index over the folded words, sellers and
categories through GIN indexes over their arrays, and each sort (browse order,
price both ways, newest) through a btree index read in order, so a page stops after
its last product. The answers are the database backend's on SQLite
(``search.backends.database``), checked by the same contract tests.
"""

import bisect
import operator
from contextlib import contextmanager
from functools import reduce
from itertools import combinations

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL

from search.backends.row_facets import all_but, facet_counts
from search.models import ProductSearchRow
from search.query import ProductQuery, ProductSearchResult, Sort
from search.selectors import cached_counts, search_vocabulary
from search.services import product_search_rows_stars_update
from search.text import TEXT_POINTS, TITLE_POINTS, minimum_should_match


def _tsquery(expression: str) -> SearchQuery:
    # Tokens are [0-9a-z]+ (search.text.words): safe in a raw tsquery.
    return SearchQuery(expression, search_type="raw", config="simple")


#: Most known words a typed word may stand for before PostgreSQL's own prefix match
#: (slower: it reads every index entry with that prefix) is used instead.
MAX_EXPANSION = 32


def _prefixes(tokens: list[str], known) -> dict[str, str]:
    """Each typed word as a tsquery for "a word starting with it".

    Written as the catalogue's own words that start with it ("man" is "man | mang"),
    which the GIN index answers by exact look-ups and the planner estimates right;
    a prefix (``man:*``) when it starts too many words, or none that are known.
    ``known`` is ``search_vocabulary()``.
    """
    vocabulary, _frequency = known
    prefixes = {}
    for token in tokens:
        start = bisect.bisect_left(vocabulary, token)
        # Words are [0-9a-z]+: every word starting with ``token`` sorts before this.
        end = bisect.bisect_left(vocabulary, token + "{", start)
        known = vocabulary[start:end]
        if known and len(known) <= MAX_EXPANSION:
            prefixes[token] = "(" + " | ".join(known) + ")"
        else:
            prefixes[token] = f"{token}:*"
    return prefixes


def _share(token: str, vocabulary: list[str], frequency: dict[str, int]) -> int:
    """Products having a word that starts with ``token``, at most (sum over words)."""
    start = bisect.bisect_left(vocabulary, token)
    end = bisect.bisect_left(vocabulary, token + "{", start)
    return sum(frequency[word] for word in vocabulary[start:end])


def _common(tokens: list[str], known) -> set[str]:
    """The typed words that start a word of more than a fifth of the products.

    Their index entries list most of the table ("sa" stands for "san", in every
    product's "sản phẩm"): reading them costs more than checking the word on the
    rows the other words found.
    """
    vocabulary, frequency = known
    # The commonest word is in (nearly) every product: a cheap stand-in for the
    # number of products.
    total = max(frequency.values(), default=0) or 1
    return {t for t in tokens if _share(t, vocabulary, frequency) > total / 5}


def _any_of(tokens, needed: int, prefixes: dict[str, str]) -> str:
    """A tsquery for "at least ``needed`` of ``tokens``", as alternatives."""
    alternatives = [
        " & ".join(prefixes[token] for token in chosen)
        for chosen in combinations(tokens, needed)
    ]
    return " | ".join(f"({alternative})" for alternative in alternatives)


def _unindexed(expression: str) -> Q:
    """``expression`` checked on each row, never looked up in the word index (the
    index answers the ``@@`` operator; its function, called by name, it does not)."""
    return Q(
        RawSQL(
            "ts_match_vq(search_vector, to_tsquery('simple', %s))",
            (expression,),
            output_field=BooleanField(),
        )
    )


def _words_q(tokens: list[str], prefixes: dict[str, str], known) -> Q:
    """Rows with at least ``minimum_should_match`` of the words, as one tsquery.

    "Any n-1 of n words" is written out as the alternatives of n-1 words each, so
    nothing is counted row by row. The word index is asked only about the words
    few products have (at least as many of them as any match must contain); the
    whole condition is then checked on the rows it finds.
    """
    needed = minimum_should_match(len(tokens))
    common = _common(tokens, known)
    rare = [t for t in tokens if t not in common]
    if needed == len(tokens):
        # Every word, each its own condition: a common one only on the rows the
        # others found.
        if not rare:
            rare, common = tokens, set()
        return reduce(
            operator.and_,
            (
                _unindexed(_row_prefix(t))
                if t in common
                else Q(search_vector=_tsquery(prefixes[t]))
                for t in tokens
            ),
        )
    expression = _any_of(tokens, needed, prefixes)
    from_rare = needed - len(common)
    if not common or from_rare < 1:
        return Q(search_vector=_tsquery(expression))
    # A match has at least ``from_rare`` of the rare words: the index finds those
    # rows, and each is checked for the whole condition.
    return Q(search_vector=_tsquery(_any_of(rare, from_rare, prefixes))) & _unindexed(
        _any_of(tokens, needed, {t: _row_prefix(t) for t in tokens})
    )


def _row_prefix(token: str) -> str:
    """A tsquery for "a word starting with ``token``" checked on a row's own words:
    one look-up in the row's sorted words, where the index wants the known words
    listed (the same words: both come from the rows)."""
    return f"{token}:*"


def _relevance(tokens: list[str]):
    """Points for each query word by where it is found; higher first (computed on
    each matching row)."""
    parts = [
        Case(
            When(Q(title_vector=_tsquery(_row_prefix(t))), then=Value(TITLE_POINTS)),
            When(Q(search_vector=_tsquery(_row_prefix(t))), then=Value(TEXT_POINTS)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for t in tokens
    ]
    return reduce(operator.add, parts)


_stars_checked_on = None


def _stars_brought_up_to_date(today) -> None:
    """Once a day in each process: ratings that started or lapsed since the rows
    were written show (or stop showing) their stars before anything is read."""
    if _stars_checked_on == today:
        return
    product_search_rows_stars_update(today=today)

    def remember():
        global _stars_checked_on
        _stars_checked_on = today

    # Only once it is committed: a request that fails rolls the update back.
    transaction.on_commit(remember)


def _price_q(low: int | None, high: int | None) -> Q:
    """Rows with some price in [low, high): most products have one price, so the
    bounds of ``min_price`` and ``max_price`` settle it before the array is read."""
    condition = Q(min_price__isnull=False)
    if low is not None:
        condition &= Q(max_price__gte=low)
    if high is not None:
        condition &= Q(min_price__lt=high)
    if low is not None and high is not None:
        some_price = RawSQL(
            "EXISTS (SELECT 1 FROM unnest(prices) AS p WHERE p >= %s AND p < %s)",
            (low, high),
            output_field=BooleanField(),
        )
        condition &= Q(min_price__gte=low) | Q(max_price__lt=high) | Q(some_price)
    return condition


def _filters(query: ProductQuery, today) -> dict[str, Q]:
    """One condition per facet the buyer narrowed, keyed by facet name."""
    filters = {}
    if query.category_ids:
        filters["category"] = Q(category_ids__overlap=list(query.category_ids))
    if query.ocop_groups:
        filters["ocop_group"] = Q(ocop_group__in=query.ocop_groups)
    if query.stars:
        filters["stars"] = Q(stars_now__in=query.stars)
    if query.provinces:
        filters["province"] = Q(origin_province__in=query.provinces)
    if query.seller_ids:
        filters["seller"] = Q(seller_ids__overlap=list(query.seller_ids))
    if query.price_min is not None or query.price_max is not None:
        filters["price"] = _price_q(query.price_min, query.price_max)
    if query.in_stock:
        filters["in_stock"] = Q(in_stock=True)
    return filters


#: What PostgreSQL assumes one read of a page out of order costs, against 1 for the
#: next page of a scan. Its default (4) is for spinning disks; the search rows and
#: their indexes are small and read from memory. With 4 the planner reads all
#: 100,000 rows to find 3,000 words matches rather than ask the word index, and
#: counts facets from the rows rather than from their four times smaller covering
#: index (``search_row_facets``).
RANDOM_PAGE_COST = 1.1


@contextmanager
def _rows_in_memory():
    """Plan what runs inside with ``RANDOM_PAGE_COST`` (nested: once)."""
    if getattr(connection, "_search_rows_in_memory", False):
        yield
        return
    connection._search_rows_in_memory = True
    try:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                # In a request (ATOMIC_REQUESTS): for this transaction, set back
                # after; a failure rolls the setting back with the rest.
                cursor.execute(f"SET LOCAL random_page_cost = {RANDOM_PAGE_COST}")
                yield
                cursor.execute("SET LOCAL random_page_cost TO DEFAULT")
            else:
                # Outside a transaction (a command, a script): for this
                # connection, set back after whatever happens (two statements,
                # not four with a transaction around them).
                cursor.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
                try:
                    yield
                finally:
                    cursor.execute("RESET random_page_cost")
    finally:
        connection._search_rows_in_memory = False


def search(
    query: ProductQuery, tokens: list[str], today, known=None
) -> ProductSearchResult:
    """Answer ``query`` (its words already folded into ``tokens``) from the rows.

    ``known`` is ``search_vocabulary()`` if the caller has it already. Queries
    with words are planned with ``RANDOM_PAGE_COST``; others only while their
    facets are counted (their pages read a sort's index either way).
    """
    _stars_brought_up_to_date(today)
    if not tokens:
        return _search(query, tokens, today, known)
    with _rows_in_memory():
        return _search(query, tokens, today, known)


def _search(
    query: ProductQuery, tokens: list[str], today, known
) -> ProductSearchResult:
    base = ProductSearchRow._default_manager.all()
    if query.scope_category_ids:
        base = base.filter(category_ids__overlap=list(query.scope_category_ids))
    if tokens:
        known = known or search_vocabulary()
        prefixes = _prefixes(tokens, known)
        base = base.filter(_words_q(tokens, prefixes, known))
    else:
        prefixes = {}
    filters = _filters(query, today)
    matching = base.filter(all_but(filters))
    if query.facets:
        # Counts depend on the words and choices, not on the page or the sort.
        counted = _counted(query)
        key = repr(("rows", tokens, counted, today))

        def count():
            with _rows_in_memory():
                return facet_counts(base, filters, today)

        facets, labels, total = cached_counts(key, count)
    else:
        facets, labels, total = {}, {}, None
    ids = []
    cheapest_from = query.sort == Sort.PRICE_ASC and query.price_min is not None
    if total is None and tokens and query.per_page and not cheapest_from:
        # Ranking reads every matching row anyway: they are counted in the same
        # read (a window over all of them, before the page is cut).
        ordered = _ordered(matching, query, prefixes, today).annotate(
            _total=Window(Count("pk"))
        )
        page = list(
            ordered.values_list("product_id", "_total")[
                query.offset : query.offset + query.per_page
            ]
        )
        ids = [pk for pk, _total in page]
        total = page[0][1] if page else (matching.count() if query.offset else 0)
    elif total is None:
        total = matching.count()
    if total and not ids:
        if cheapest_from:
            ids = _cheapest_from(matching, query)
        else:
            ordered = _ordered(matching, query, prefixes, today)
            ids = list(
                ordered.values_list("product_id", flat=True)[
                    query.offset : query.offset + query.per_page
                ]
            )
    return ProductSearchResult(
        product_ids=ids, total=total, facets=facets, facet_labels=labels
    )


def _cheapest_from(rows: QuerySet, query: ProductQuery) -> list[int]:
    """A page of ``rows`` by price, lowest first, above a lowest price.

    Read in the index's order from the lowest price asked, instead of from the
    cheapest product of all; the few products with several prices, whose lowest is
    below it and another above, are read apart (their own partial index) and merged.
    """
    end = query.offset + query.per_page
    order = (F("min_price").asc(), "product_id")
    above = rows.filter(min_price__gte=query.price_min).order_by(*order)
    several = (
        rows.filter(min_price__lt=query.price_min)
        .filter(min_price__lt=F("max_price"))
        .order_by(*order)
    )
    merged = sorted(
        [
            *above.values_list("min_price", "product_id")[:end],
            *several.values_list("min_price", "product_id")[:end],
        ]
    )
    return [pk for _price, pk in merged[query.offset : end]]


def _counted(query: ProductQuery) -> ProductQuery:
    from dataclasses import replace

    return replace(query, text="", page=1, per_page=0, sort=Sort.RELEVANCE)


def _ordered(rows: QuerySet, query: ProductQuery, prefixes, today) -> QuerySet:
    if query.sort == Sort.PRICE_ASC:
        return rows.order_by(F("min_price").asc(nulls_last=True), "product_id")
    if query.sort == Sort.PRICE_DESC:
        return rows.order_by(F("min_price").desc(nulls_last=True), "product_id")
    if query.sort == Sort.NEWEST:
        return rows.order_by("-date_created", "-product_id")
    if query.sort == Sort.STARS:
        return rows.order_by("-stars_now", "title", "product_id")
    if prefixes:
        return rows.alias(_relevance=_relevance(list(prefixes))).order_by(
            "-_relevance", "-stars_now", "title", "product_id"
        )
    # Browsing: the storefront shows products under a heading per OCOP group.
    return rows.order_by(
        F("ocop_group").asc(nulls_last=True), "-ocop_stars", "title", "product_id"
    )
