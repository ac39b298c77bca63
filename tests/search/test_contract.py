"""The search contract, run against every available backend on one fixed catalogue.

Buyers type Vietnamese with or without tone marks, on phone keyboards, with slips:
each of these queries must put the expected product first.
"""

import pytest
from django.db.models import Q
from django.utils import timezone

from catalogue.ocop import OcopGroup
from search.backends import product_search
from search.query import PRICE_RANGES, ProductQuery, Sort

pytestmark = pytest.mark.django_db

#: (what the buyer types, the product expected first)
TOP_RESULTS = [
    # with and without diacritics
    ("che shan tuyet", "che-shan"),
    ("chè shan", "che-shan"),
    ("Chè Shan tuyết", "che-shan"),
    ("tra shan tuyêt", "che-shan"),  # "trà" for "chè", partly typed tone marks
    ("mận tam hoa", "man"),
    ("man tam hoa", "man"),
    ("MẬN TAM HOA", "man"),
    ("gao seng cu", "gao"),
    ("gạo séng cù", "gao"),
    ("đậu đỏ", "dau-do"),
    ("dau do", "dau-do"),  # đ typed as d
    ("tinh dau que", "que"),
    ("tra sen", "tra-sen"),
    ("nam det", "que"),  # the seller's and the place's name
    # one typo
    ("che sahn", "che-shan"),  # swapped letters
    ("che sham tuyet", "che-shan"),
    ("man tam hao", "man"),
    ("gao seng cuu", "gao"),  # a key held too long
    ("tinh dau quee", "que"),
    ("buoii mcu", "buoi"),
]


@pytest.mark.parametrize(("text", "expected"), TOP_RESULTS)
def test_query_finds_the_expected_product_first(indexed, text, expected):
    result = product_search(ProductQuery(text=text))

    assert result.product_ids, f"{text!r} found nothing"
    assert indexed.name_of(result.product_ids[0]) == expected


def test_a_word_with_a_slip_is_suggested_corrected(indexed):
    result = product_search(ProductQuery(text="che sahn"))

    assert result.suggestion == "che shan"
    assert indexed.name_of(result.product_ids[0]) == "che-shan"


def test_words_spelled_right_get_no_suggestion(indexed):
    assert product_search(ProductQuery(text="mận tam hoa")).suggestion is None


def test_nonsense_finds_nothing(indexed):
    result = product_search(ProductQuery(text="xyzzy qwerty"))
    assert (result.product_ids, result.total) == ([], 0)


def test_hidden_products_never_appear(indexed):
    hidden = indexed.products["hidden"].pk
    for text in ("", "che shan tuyet", "chè", "an"):
        result = product_search(ProductQuery(text=text, per_page=100))
        assert hidden not in result.product_ids
    facets = product_search(ProductQuery()).facets
    assert facets["seller"][indexed.sellers["ban-lien"].pk] == 1


def test_browse_without_words_lists_every_product_by_ocop_group(indexed):
    result = product_search(ProductQuery(per_page=100))

    assert result.total == 7
    groups = [
        indexed.products[indexed.name_of(pk)].ocop_group for pk in result.product_ids
    ]
    assert groups == sorted(groups)


def test_pages_split_the_result_without_overlap(indexed):
    first = product_search(ProductQuery(per_page=3, page=1))
    second = product_search(ProductQuery(per_page=3, page=2))
    third = product_search(ProductQuery(per_page=3, page=3))

    ids = first.product_ids + second.product_ids + third.product_ids
    assert len(ids) == len(set(ids)) == 7
    assert first.total == second.total == 7


def _names(catalogue, result):
    return [catalogue.name_of(pk) for pk in result.product_ids]


def test_sort_by_price_both_ways(indexed):
    up = _names(indexed, product_search(ProductQuery(sort=Sort.PRICE_ASC)))
    down = _names(indexed, product_search(ProductQuery(sort=Sort.PRICE_DESC)))

    assert up == ["dau-do", "tra-sen", "man", "que", "gao", "che-shan", "buoi"]
    assert down == list(reversed(up))


def test_sort_by_stars_counts_only_ratings_in_force(indexed):
    names = _names(indexed, product_search(ProductQuery(sort=Sort.STARS)))

    assert names[0] == "che-shan"
    assert names[1:3] == ["buoi", "dau-do"]  # 4 stars, by title
    assert names[-1] == "gao"  # its 4-star rating has lapsed


def test_sort_newest_first(indexed):
    names = _names(indexed, product_search(ProductQuery(sort=Sort.NEWEST)))
    assert names[0] == "buoi" and names[-1] == "che-shan"


def test_each_filter_narrows_the_result(indexed):
    p, s, c = indexed.products, indexed.sellers, indexed.categories
    cases = [
        (ProductQuery(ocop_groups=(OcopGroup.HERBS,)), {"que"}),
        (ProductQuery(stars=(4,)), {"buoi", "dau-do"}),
        (ProductQuery(provinces=("Tuyên Quang",)), {"dau-do"}),
        (ProductQuery(seller_ids=(s["muong-vi"].pk,)), {"gao", "buoi"}),
        (ProductQuery(price_min=100_000, price_max=200_000), {"man", "que", "gao"}),
        (ProductQuery(in_stock=True), set(p) - {"gao", "buoi", "hidden"}),
        (ProductQuery(category_ids=(c["food"].pk,)), {"man", "gao", "dau-do", "buoi"}),
        (ProductQuery(scope_category_ids=(c["tea"].pk,)), {"che-shan"}),
        (
            ProductQuery(text="gao", in_stock=True),
            set(),
        ),
        (
            ProductQuery(ocop_groups=(OcopGroup.FOOD, OcopGroup.HERBS), stars=(3,)),
            {"man", "que"},
        ),
    ]
    for query, expected in cases:
        result = product_search(dataclass_replace(query, per_page=100))
        assert set(_names(indexed, result)) == expected, query
        assert result.total == len(expected), query


def dataclass_replace(query, **changes):
    import dataclasses

    return dataclasses.replace(query, **changes)


FACET_QUERIES = [
    ProductQuery(),
    ProductQuery(text="tam hoa"),
    ProductQuery(text="dau"),
    ProductQuery(ocop_groups=(OcopGroup.FOOD,)),
    ProductQuery(ocop_groups=(OcopGroup.FOOD,), in_stock=True, stars=(4, 3)),
    ProductQuery(price_min=100_000, price_max=200_000, provinces=("Lào Cai",)),
]


def _with_value(query, facet, value):
    """``query`` with only ``value`` chosen in ``facet``: the count done slowly."""
    if facet == "ocop_group":
        return dataclass_replace(query, ocop_groups=(value,))
    if facet == "stars":
        return dataclass_replace(query, stars=(value,))
    if facet == "province":
        return dataclass_replace(query, provinces=(value,))
    if facet == "seller":
        return dataclass_replace(query, seller_ids=(value,))
    if facet == "category":
        return dataclass_replace(query, category_ids=(value,))
    if facet == "in_stock":
        return dataclass_replace(query, in_stock=True)
    low, high = next((lo, hi) for key, lo, hi in PRICE_RANGES if key == value)
    return dataclass_replace(query, price_min=low, price_max=high)


@pytest.mark.parametrize("query", FACET_QUERIES, ids=repr)
def test_facet_counts_equal_the_totals_of_choosing_each_value(indexed, query):
    result = product_search(query)

    assert set(result.facets) >= {
        "category",
        "ocop_group",
        "stars",
        "province",
        "seller",
        "price",
        "in_stock",
    }
    for facet, counts in result.facets.items():
        for value, count in counts.items():
            chosen = product_search(_with_value(query, facet, value))
            assert count == chosen.total, (facet, value)


def test_facet_counts_equal_a_count_over_every_product(indexed):
    """Browsing: each count checked against the products, one by one, in Python."""
    today = timezone.localdate()
    products = [p for p in indexed.products.values() if p.is_public]
    facets = product_search(ProductQuery()).facets

    def count(predicate):
        return sum(1 for p in products if predicate(p))

    for group, n in facets["ocop_group"].items():
        assert n == count(lambda p, g=group: p.ocop_group == g)
    for stars, n in facets["stars"].items():
        assert n == count(lambda p, s=stars: p.ocop_is_current and p.ocop_stars == s)
    for key, low, high in PRICE_RANGES:
        expected = count(
            lambda p, lo=low, hi=high: any(
                r.price >= lo and (hi is None or r.price < hi)
                for r in p.stockrecords.all()
            )
        )
        assert facets["price"].get(key, 0) == expected, key
    assert facets["in_stock"].get(True, 0) == count(
        lambda p: any(r.net_stock_level > 0 for r in p.stockrecords.all())
    )
    for seller_id, n in facets["seller"].items():
        assert n == count(
            lambda p, s=seller_id: any(r.partner_id == s for r in p.stockrecords.all())
        )
    for category_id, n in facets["category"].items():
        assert n == count(
            lambda p, c=category_id: p.categories.filter(Q(pk=c)).exists()
        )
    assert sum(facets["ocop_group"].values()) == len(products)
    assert today  # counts above use today's date through ocop_is_current


def test_a_renamed_product_is_found_by_its_new_name_at_once(indexed, search_backend):
    product = indexed.products["que"]
    product.title = "Tinh dầu hồi Nậm Đét"
    product.save()
    if search_backend.endswith("elasticsearch"):
        from search.backends import elasticsearch

        elasticsearch.index_refresh()

    assert product.pk in product_search(ProductQuery(text="dau hoi")).product_ids


def test_a_product_taken_off_sale_disappears_at_once(indexed):
    product = indexed.products["man"]
    product.is_public = False
    product.save()

    # Even before any index catches up: results are checked against the database.
    assert (
        product.pk not in product_search(ProductQuery(text="man tam hoa")).product_ids
    )
    assert product.pk not in product_search(ProductQuery()).product_ids
