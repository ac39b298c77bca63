"""What a buyer sees when searching and browsing: facets, sort, suggestions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.ocop import OcopGroup
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def titles(page):
    return [a.text.strip() for a in page.html.select(".ocop-card-title a")]


def test_search_page_finds_products_typed_without_tone_marks(django_app, catalogue):
    page = django_app.get(reverse("search:search"), {"q": "man tam hoa"})

    assert titles(page) == ["Mận tam hoa sấy dẻo"]
    assert "man tam hoa" in page.html.select_one("h1").text


def test_ticking_a_facet_narrows_the_results_and_shows_counts(django_app, catalogue):
    page = django_app.get(reverse("catalogue:index"))
    boxes = {box["data-facet"]: box for box in page.html.select("fieldset.ocop-facet")}
    assert {"group", "stars", "category", "price", "seller", "in_stock"} <= set(boxes)
    food = boxes["group"].find("input", attrs={"value": str(OcopGroup.FOOD.value)})
    assert "(5)" in food.parent.text  # five public food products

    form = page.forms["ocop-filters"]
    form.get("group", index=0).checked = True  # groups are listed in order: food first
    form["in_stock"] = True
    narrowed = form.submit()

    assert sorted(titles(narrowed)) == sorted(
        ["Chè Shan hữu cơ Bản Liền", "Mận tam hoa sấy dẻo", "Đậu đỏ Đồng Văn"]
    )
    assert narrowed.html.select_one('input[name="group"][checked]')


def test_sorting_by_price_lists_one_flat_grid(django_app, catalogue):
    page = django_app.get(reverse("catalogue:index"), {"sort": "price"})

    assert titles(page)[:2] == ["Đậu đỏ Đồng Văn", "Trà sen, trà nhài Phong Hải"]
    assert not page.html.select(".ocop-group h2")  # no group headings out of order
    default = django_app.get(reverse("catalogue:index"))
    assert default.html.select(".ocop-group h2")


def test_category_page_has_the_same_facets(django_app, catalogue):
    food = catalogue.categories["food"]

    page = django_app.get(food.get_absolute_url())

    assert sorted(titles(page)) == sorted(
        [
            "Mận tam hoa sấy dẻo",
            "Gạo Séng Cù Mường Vi",
            "Đậu đỏ Đồng Văn",
            "Bưởi Múc Thái Niên",
        ]
    )
    stock = page.html.select_one('fieldset[data-facet="in_stock"]')
    assert "(2)" in stock.text
    in_stock = django_app.get(food.get_absolute_url(), {"in_stock": "on"})
    assert sorted(titles(in_stock)) == ["Mận tam hoa sấy dẻo", "Đậu đỏ Đồng Văn"]


def test_a_slip_is_corrected_and_said_so(django_app, catalogue):
    page = django_app.get(reverse("search:search"), {"q": "che sahn"})

    assert titles(page)[0] == "Chè Shan hữu cơ Bản Liền"
    assert "che shan" in page.html.select_one(".ocop-corrected").text


def test_no_results_page_offers_the_suggestion_and_popular_products(
    django_app, catalogue
):
    # "sahn" is close to "shan", but no tea is from Tuyên Quang.
    page = django_app.get(
        reverse("search:search"), {"q": "che sahn", "province": "Tuyên Quang"}
    )

    assert page.html.select_one(".nonefound")
    suggestion = page.html.select_one(".ocop-suggestion a")
    assert suggestion.text == "che shan"
    # Popular products instead of an empty page: the 5-star tea first.
    popular = [a.text for a in page.html.select(".ocop-noresults .ocop-card-title a")]
    assert popular[0] == "Chè Shan hữu cơ Bản Liền"


def test_suggest_endpoint_answers_titles_as_the_buyer_types(client, catalogue):
    response = client.get(reverse("search:suggest"), {"q": "man tam"})

    assert response.status_code == 200
    products = response.json()["products"]
    assert products[0]["title"] == "Mận tam hoa sấy dẻo"
    assert products[0]["url"] == catalogue.products["man"].get_absolute_url()
    assert client.get(reverse("search:suggest"), {"q": "m"}).json()["products"] == []


def test_bad_filter_values_are_ignored_not_an_error(django_app, catalogue):
    page = django_app.get(
        reverse("catalogue:index"), {"seller": "abc", "group": "99", "sort": "nope"}
    )
    assert page.status_code == 200
    assert len(titles(page)) == 7


def test_a_page_number_beyond_any_catalogue_is_the_first_page(django_app, catalogue):
    # Found by fuzzing: its offset overflowed PostgreSQL's bigint (a 500).
    for where in (reverse("catalogue:index"), reverse("search:search")):
        page = django_app.get(where, {"page": "384307168202282326"})
        assert page.status_code == 200
        assert len(titles(page)) == 7


def _listing_queries(client, url):
    client.get(url)  # warm caches (site, vocabulary) as a live server has them
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalogue:index"),
        reverse("search:search") + "?q=san+pham",
        reverse("catalogue:index") + "?sort=price&in_stock=on&group=1",
    ],
)
def test_listing_queries_do_not_grow_with_the_number_of_products(client, url):
    ProductFactory.create_batch(5, ocop_group=OcopGroup.FOOD)
    with_five = _listing_queries(client, url)
    ProductFactory.create_batch(15, ocop_group=OcopGroup.FOOD)
    with_twenty = _listing_queries(client, url)

    assert with_twenty == with_five
    assert with_twenty <= 15
