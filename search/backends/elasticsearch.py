"""The Elasticsearch backend, built on ``elasticsearch.dsl`` (Elasticsearch 8).

Used only when ``ELASTICSEARCH_URL`` is set. Queries are built here, with facets
counted by aggregations over keyword and numeric fields; the index (documents,
mapping, diacritics folding, rebuild behind an alias) is
``search.backends.elasticsearch_index``, reached through this module.

Ids the index returns are checked against ``browsable_products()`` before they are
shown, so a product hidden a moment ago never appears while the index catches up.
"""

import dataclasses
import datetime

from django.utils import timezone
from elasticsearch.dsl import A, Q, Search
from oscar.core.loading import get_model

from catalogue.ocop import MAX_STARS, MIN_STARS

# The index (documents, mapping, rebuild) is its own module; the backend's callers
# (the indexing task, ``search_index``, the tests) reach it through this one.
from search.backends.elasticsearch_index import (  # noqa: F401 (the backend's index API)
    UNAVAILABLE,
    ProductDocument,
    alias,
    client,
    index_mapping,
    index_rebuild,
    index_refresh,
    product_document,
    products_index,
)
from search.query import PRICE_RANGES, ProductQuery, ProductSearchResult, Sort
from search.selectors import browsable_products
from search.text import fold, words

Partner = get_model("partner", "Partner")
Category = get_model("catalogue", "Category")

# --- queries -------------------------------------------------------------------


def _rated(today: datetime.date) -> Q:
    return Q("range", ocop_decision_date={"lte": today.isoformat()}) & Q(
        "range", ocop_valid_until={"gte": today.isoformat()}
    )


def _filters(query: ProductQuery, today: datetime.date) -> dict[str, Q]:
    filters = {}
    if query.category_ids:
        filters["category"] = Q("terms", category_ids=list(query.category_ids))
    if query.ocop_groups:
        filters["ocop_group"] = Q("terms", ocop_group=list(query.ocop_groups))
    if query.stars:
        filters["stars"] = Q("terms", ocop_stars=list(query.stars)) & _rated(today)
    if query.provinces:
        filters["province"] = Q("terms", province=list(query.provinces))
    if query.seller_ids:
        filters["seller"] = Q("terms", seller_ids=list(query.seller_ids))
    if query.price_min is not None or query.price_max is not None:
        bounds = {}
        if query.price_min is not None:
            bounds["gte"] = query.price_min
        if query.price_max is not None:
            bounds["lt"] = query.price_max
        filters["price"] = Q("range", prices=bounds)
    if query.in_stock:
        filters["in_stock"] = Q("term", in_stock=True)
    return filters


def _all_but(filters: dict[str, Q], facet: str | None = None) -> Q:
    chosen = [q for name, q in filters.items() if name != facet]
    return Q("bool", filter=chosen) if chosen else Q("match_all")


def _text_query(text: str) -> Q:
    """Whole words, folded and fuzzy, or the start of the title as typed so far."""
    words = Q(
        "multi_match",
        query=text,
        fields=["title^4", "text^2"],
        fuzziness="AUTO",
        prefix_length=1,
        # All of one or two words; all but one of longer queries (search.text).
        minimum_should_match="2<-1",
    )
    typing = Q(
        "multi_match",
        query=text,
        type="bool_prefix",
        fields=["title.suggest", "title.suggest._2gram", "title.suggest._3gram"],
        operator="and",
    )
    return Q("bool", should=[words, typing], minimum_should_match=1)


CURRENT_STARS_SCRIPT = (
    "if (doc['ocop_stars'].size() == 0 || doc['ocop_decision_date'].size() == 0"
    " || doc['ocop_valid_until'].size() == 0) { return 0; }"
    " long d = doc['ocop_decision_date'].value.toInstant().toEpochMilli();"
    " long v = doc['ocop_valid_until'].value.toInstant().toEpochMilli();"
    " return (d <= params.today && v >= params.today) ? doc['ocop_stars'].value : 0;"
)


def _current_stars_sort(today: datetime.date) -> dict:
    midnight = datetime.datetime.combine(today, datetime.time(), datetime.UTC)
    return {
        "_script": {
            "type": "number",
            "order": "desc",
            "script": {
                "source": CURRENT_STARS_SCRIPT,
                "params": {"today": int(midnight.timestamp() * 1000)},
            },
        }
    }


def _sort(query: ProductQuery, text: str, today: datetime.date) -> list:
    if query.sort == Sort.PRICE_ASC:
        return [
            {"min_price": {"order": "asc", "missing": "_last"}},
            {"product_id": "asc"},
        ]
    if query.sort == Sort.PRICE_DESC:
        return [
            {"min_price": {"order": "desc", "missing": "_last"}},
            {"product_id": "asc"},
        ]
    if query.sort == Sort.NEWEST:
        return [{"date_created": "desc"}, {"product_id": "desc"}]
    if query.sort == Sort.STARS:
        return [_current_stars_sort(today), "title_sort", {"product_id": "asc"}]
    if text:
        return [
            "_score",
            _current_stars_sort(today),
            "title_sort",
            {"product_id": "asc"},
        ]
    return [
        {"ocop_group": {"order": "asc", "missing": "_last"}},
        {"ocop_stars": {"order": "desc", "missing": "_last"}},
        "title_sort",
        {"product_id": "asc"},
    ]


def _stars_agg(today: datetime.date):
    """Stars count only while the rating is in force, as on the product card."""
    rated = A("filter", _rated(today))
    rated.bucket("values", "terms", field="ocop_stars", size=MAX_STARS - MIN_STARS + 1)
    return rated


def build_search(query: ProductQuery, *, text: str | None = None, today=None) -> Search:
    """The Elasticsearch request answering ``query`` (``text`` overrides its words).

    Facet choices go in ``post_filter``, and each facet's aggregation applies every
    choice but its own, so counts match the database backend's.
    """
    today = today or timezone.localdate()
    text = query.text if text is None else text
    search = Search(index=alias())
    if query.scope_category_ids:
        search = search.filter("terms", category_ids=list(query.scope_category_ids))
    if text:
        search = search.query(_text_query(text))
        search = search.suggest(
            "spelling",
            fold(text),
            term={"field": "title.folded", "suggest_mode": "missing"},
        )
    filters = _filters(query, today)
    if filters:
        search = search.post_filter(_all_but(filters))
    if query.facets:
        facet_aggs = {
            "category": A("terms", field="category_ids", size=100),
            "ocop_group": A("terms", field="ocop_group", size=10),
            "stars": _stars_agg(today),
            "province": A("terms", field="province", size=100),
            "seller": A("terms", field="seller_ids", size=100),
            "price": A(
                "filters",
                filters={
                    key: Q(
                        "range",
                        prices={"gte": low, **({"lt": high} if high else {})},
                    )
                    for key, low, high in PRICE_RANGES
                },
            ),
            "in_stock": A("filter", Q("term", in_stock=True)),
        }
        for name, agg in facet_aggs.items():
            search.aggs.bucket(f"facet_{name}", "filter", _all_but(filters, name))
            search.aggs[f"facet_{name}"].bucket("values", agg)
    search = search.extra(track_total_hits=True, _source=False)
    search = search.sort(*_sort(query, text, today))
    return search[query.offset : query.offset + query.per_page]


def _facets(aggregations: dict) -> dict[str, dict]:
    facets = {}
    for name in ("category", "ocop_group", "province", "seller"):
        buckets = aggregations[f"facet_{name}"]["values"]["buckets"]
        facets[name] = {b["key"]: b["doc_count"] for b in buckets if b["doc_count"]}
    stars = aggregations["facet_stars"]["values"]["values"]["buckets"]
    facets["stars"] = {b["key"]: b["doc_count"] for b in stars if b["doc_count"]}
    prices = aggregations["facet_price"]["values"]["buckets"]
    facets["price"] = {k: b["doc_count"] for k, b in prices.items() if b["doc_count"]}
    in_stock = aggregations["facet_in_stock"]["values"]["doc_count"]
    facets["in_stock"] = {True: in_stock} if in_stock else {}
    return facets


def _suggestion(response: dict, text: str) -> str | None:
    replacements = {
        entry["text"]: entry["options"][0]["text"]
        for entry in response.get("suggest", {}).get("spelling", [])
        if entry["options"]
    }
    typed = words(text)
    corrected = [replacements.get(word, word) for word in typed]
    return " ".join(corrected) if corrected != typed else None


def _labels(facets: dict) -> dict[str, dict]:
    return {
        "seller": dict(
            Partner._default_manager.filter(
                pk__in=facets.get("seller", {})
            ).values_list("pk", "name")
        ),
        "category": {
            pk: (name, name_en)
            for pk, name, name_en in Category._default_manager.filter(
                pk__in=facets.get("category", {})
            ).values_list("pk", "name", "name_en")
        },
    }


def _run(query: ProductQuery, text: str) -> tuple[ProductSearchResult, dict]:
    response = build_search(query, text=text).using(client()).execute().to_dict()
    found = [int(hit["_id"]) for hit in response["hits"]["hits"]]
    # The index may lag behind the database: show only what is on sale now.
    on_sale = set(
        browsable_products().filter(id__in=found).values_list("id", flat=True)
    )
    ids = [pk for pk in found if pk in on_sale]
    total = response["hits"]["total"]["value"] - (len(found) - len(ids))
    facets = _facets(response["aggregations"]) if query.facets else {}
    labels = _labels(facets) if query.facets else {}
    return (
        ProductSearchResult(
            product_ids=ids, total=total, facets=facets, facet_labels=labels
        ),
        response,
    )


def product_search(query: ProductQuery) -> ProductSearchResult:
    """Answer ``query`` from the index; words that find nothing, by their correction."""
    result, response = _run(query, query.text)
    if not query.text:
        return result
    suggestion = _suggestion(response, query.text)
    if suggestion and result.total == 0:
        corrected, _response = _run(query, suggestion)
        if corrected.total:
            return dataclasses.replace(corrected, suggestion=suggestion, corrected=True)
    return dataclasses.replace(result, suggestion=suggestion)
