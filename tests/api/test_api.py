"""The open data API: shapes, filters, paging, expiry, rate limit and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.ocop import OcopGroup

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"


def ids(response):
    return [item["id"] for item in response.json()["results"]]


def test_a_product_is_published_with_its_ocop_data_seller_price_and_links(
    client, catalogue
):
    tea = catalogue["products"]["tea"]
    seller = catalogue["sellers"]["ban_lien"]

    response = client.get(f"{PRODUCTS}{tea.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body == {
        "id": tea.pk,
        "upc": tea.upc,
        "title": "Chè Shan tuyết",
        "slug": tea.slug,
        "url": f"http://testserver/catalogue/{tea.slug}_{tea.pk}/",
        "description": tea.description,
        "categories": [
            {"id": catalogue["categories"]["tea"].pk, "name": "Chè", "name_en": "Tea"}
        ],
        "seller": {
            "id": seller.pk,
            "name": "HTX Chè Bản Liền",
            "seller_type": "cooperative",
            "commune": "Bản Liền",
            "province": "Lào Cai",
        },
        "price_vnd": 250000,
        "price_display": "250.000\u00a0₫",
        "available": True,
        "ocop": {
            "stars": 5,
            "group": OcopGroup.BEVERAGES.value,
            "group_label": "Đồ uống",
            "decision_number": "1234/QĐ-UBND",
            "decision_date": tea.ocop_decision_date.isoformat(),
            "valid_until": tea.ocop_valid_until.isoformat(),
            "is_current": True,
            "has_expired": False,
        },
        "origin_commune": "Bản Liền",
        "origin_province": "Lào Cai",
        "standards": ["VietGAP", "Hữu cơ"],
        "images": [],
        "traceability_url": f"http://testserver/catalogue/truy-xuat/{tea.pk}/",
        "date_created": body["date_created"],
        "date_updated": body["date_updated"],
    }
    assert isinstance(body["price_vnd"], int)


def test_an_expired_rating_is_reported_as_not_currently_rated(client, catalogue):
    rice = catalogue["products"]["rice"]

    ocop = client.get(f"{PRODUCTS}{rice.pk}/").json()["ocop"]

    assert ocop["stars"] == 4
    assert ocop["valid_until"] == "2021-05-10"
    assert ocop["is_current"] is False
    assert ocop["has_expired"] is True
    assert rice.pk not in ids(client.get(PRODUCTS, {"currently_rated": "true"}))
    assert rice.pk in ids(client.get(PRODUCTS, {"currently_rated": "false"}))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["tea", "plum", "rice", "milk", "honey"]),
        ({"province": "Sơn La"}, ["milk", "honey"]),
        ({"ocop_group": OcopGroup.FOOD.value}, ["plum", "rice"]),
        ({"stars": 4}, ["rice", "milk"]),
        ({"min_stars": 4}, ["tea", "rice", "milk"]),
        ({"currently_rated": "true"}, ["tea", "plum", "milk"]),
        ({"currently_rated": "false"}, ["rice", "honey"]),
        ({"currently_rated": "true", "ocop_group": 2}, ["tea", "milk"]),
    ],
)
def test_products_filter_by_province_group_stars_and_current_rating(
    client, catalogue, params, expected
):
    products = catalogue["products"]
    assert ids(client.get(PRODUCTS, params)) == [products[k].pk for k in expected]


def test_products_filter_by_seller_and_category(client, catalogue):
    products, sellers = catalogue["products"], catalogue["sellers"]

    by_seller = ids(client.get(PRODUCTS, {"seller": sellers["moc_chau"].pk}))
    by_category = ids(
        client.get(PRODUCTS, {"category": catalogue["categories"]["tea"].pk})
    )

    assert by_seller == [products["milk"].pk, products["honey"].pk]
    assert by_category == [products["tea"].pk]


def test_updated_since_finds_changed_products_and_changed_prices(client, catalogue):
    products = catalogue["products"]
    long_ago = timezone.now() - datetime.timedelta(days=10)
    Product = type(products["tea"])
    Product.objects.update(date_updated=long_ago)
    products["tea"].stockrecords.model.objects.update(date_updated=long_ago)
    since = timezone.now() - datetime.timedelta(days=1)
    Product.objects.filter(pk=products["plum"].pk).update(date_updated=timezone.now())
    # A price change touches only the stock record.
    record = products["milk"].stockrecords.get()
    record.price = 32000
    record.save()

    response = client.get(PRODUCTS, {"updated_since": since.isoformat()})

    assert ids(response) == [products["plum"].pk, products["milk"].pk]
    milk = response.json()["results"][1]
    assert milk["price_vnd"] == 32000
    assert datetime.datetime.fromisoformat(milk["date_updated"]) >= since


def test_pages_cover_the_catalogue_once_in_id_order(client, catalogue):
    expected = sorted(p.pk for k, p in catalogue["products"].items() if k != "hidden")

    first = client.get(PRODUCTS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert first["count"] == 5 and first["previous"] is None
    seen = [p["id"] for page in (first, second, third) for p in page["results"]]
    assert seen == expected
    assert third["next"] is None
    past_end = client.get(PRODUCTS, {"page_size": 2, "page": 4})
    assert past_end.status_code == 404
    assert "detail" in past_end.json()


def test_an_empty_filter_means_no_filter(client, catalogue):
    everything = ids(client.get(PRODUCTS))
    assert ids(client.get(PRODUCTS, {"stars": "", "currently_rated": ""})) == everything


def test_a_malformed_id_is_a_json_404(client, catalogue):
    response = client.get(f"{PRODUCTS}1.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_hidden_products_are_not_published(client, catalogue):
    hidden = catalogue["products"]["hidden"]
    assert hidden.pk not in ids(client.get(PRODUCTS))
    assert client.get(f"{PRODUCTS}{hidden.pk}/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"stars": "nine"},
        {"stars": 7},
        {"ocop_group": 9},
        {"updated_since": "hôm qua"},
        # Moments outside the years 1-9999 once in UTC.
        {"updated_since": "0001-01-01T00:00:00+01:00"},
        {"updated_since": "9999-12-31T23:59:59-01:00"},
        {"currently_rated": "maybe"},
        {"page_size": 0},
        {"page_size": 500},
    ],
)
def test_a_bad_filter_value_is_answered_400_with_the_reason(client, catalogue, params):
    response = client.get(PRODUCTS, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize(
    "offset", ["+18:58", "-15:00", "+14:28", "+07:00", "Z"], ids=str
)
def test_any_rfc_3339_offset_is_read_as_its_moment_in_utc(client, catalogue, offset):
    """RFC 3339 (the schema's date-time) allows offsets up to ±23:59; PostgreSQL
    refuses those beyond ±15:59, so the moment reaches it in UTC (was a 500)."""
    zone = datetime.datetime.fromisoformat(f"2026-12-04T09:00:00{offset}").tzinfo
    moment = datetime.datetime.now(tz=zone)
    before = moment - datetime.timedelta(days=1)
    after = moment + datetime.timedelta(days=1)
    found = client.get(PRODUCTS, {"updated_since": before.isoformat()})
    later = client.get(PRODUCTS, {"updated_since": after.isoformat()})
    assert found.status_code == later.status_code == 200
    assert found.json()["count"] >= 1 and later.json()["count"] == 0


def test_product_pages_cost_the_same_queries_whatever_their_size(client, catalogue):
    def queries(page_size):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PRODUCTS, {"page_size": page_size}).status_code == 200
        return len(ctx.captured_queries)

    assert queries(1) == queries(5)


def test_sellers_are_published_without_private_fields(client, catalogue):
    sellers = catalogue["sellers"]
    from tests.factories import SellerFactory

    SellerFactory(name="HTX chưa bán gì")  # no public product yet

    response = client.get("/api/v1/sellers/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [s["name"] for s in results] == ["HTX Chè Bản Liền", "HTX Mộc Châu"]
    assert set(results[0]) == {
        "id",
        "code",
        "name",
        "seller_type",
        "commune",
        "province",
        "description",
        "logo",
    }
    by_province = client.get("/api/v1/sellers/", {"province": "Sơn La"}).json()
    assert [s["id"] for s in by_province["results"]] == [sellers["moc_chau"].pk]


def test_categories_are_published_with_their_parent(client, catalogue):
    drinks, tea = catalogue["categories"]["drinks"], catalogue["categories"]["tea"]

    results = client.get("/api/v1/categories/").json()["results"]

    assert [
        (c["id"], c["name"], c["name_en"], c["depth"], c["parent"]) for c in results
    ] == [
        (drinks.pk, "Đồ uống", "", 1, None),
        (tea.pk, "Chè", "Tea", 2, drinks.pk),
    ]


def test_anonymous_clients_are_rate_limited(
    client, catalogue, settings, process_local_cache
):
    settings.OPEN_DATA_ANON_RATE = "3/minute"

    answers = [client.get(PRODUCTS).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_a_typed_forwarded_for_header_does_not_escape_the_rate_limit(
    client, catalogue, settings, process_local_cache
):
    """Without trusted proxies the connection's address counts, whatever a client
    writes in X-Forwarded-For; behind one, the address that proxy saw."""
    settings.OPEN_DATA_ANON_RATE = "3/minute"
    forged = [f"198.51.100.{n}" for n in range(4)]

    answers = [client.get(PRODUCTS, HTTP_X_FORWARDED_FOR=a).status_code for a in forged]
    assert answers == [200, 200, 200, 429]

    settings.TRUSTED_PROXY_COUNT = 1
    behind = [
        client.get(PRODUCTS, HTTP_X_FORWARDED_FOR=f"{typed}, 203.0.113.7").status_code
        for typed in forged
    ]
    assert behind == [200, 200, 200, 429]


def test_the_schema_and_its_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/products/", "/api/v1/sellers/", "/api/v1/categories/"} <= set(
        document["paths"]
    )
    assert not any(path.startswith("/admin/") for path in document["paths"])

    for docs in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(docs).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower()


def test_the_footer_links_to_the_open_data(client, catalogue):
    page = client.get("/catalogue/").content.decode()
    for href in (
        "/open-data/",
        "/api/v1/docs/",
        "/open-data/ocop-products.csv",
        "/open-data/ocop-products.json",
    ):
        assert f'href="{href}"' in page
    assert client.get("/open-data/").status_code == 200


def test_the_open_data_page_is_in_vietnamese(client):
    page = client.get("/open-data/").content.decode()
    assert "Dữ liệu mở" in page
    assert "Bộ dữ liệu tải về" in page


def test_the_browsable_api_renders_for_people(client, catalogue):
    page = client.get(PRODUCTS, {"province": "Lào Cai"}, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "Chè Shan tuyết" in page.content.decode()


def test_the_price_reads_as_dong_in_the_clients_language(client, catalogue):
    tea = catalogue["products"]["tea"]

    vietnamese = client.get(f"{PRODUCTS}{tea.pk}/").json()
    english = client.get(f"{PRODUCTS}{tea.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert vietnamese["price_display"] == "250.000\u00a0₫"
    assert english["price_display"] == "250,000\u00a0₫"
    assert english["price_vnd"] == vietnamese["price_vnd"] == 250000
    assert english["ocop"]["group_label"] == "Beverages"
    listed = client.get(PRODUCTS, HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5").json()
    assert {p["price_display"] for p in listed["results"] if p["id"] == tea.pk} == {
        "250.000\u00a0₫"
    }


def test_the_schema_documents_the_readable_price(client):
    document = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    product = document["components"]["schemas"]["Product"]["properties"]
    assert product["price_display"]["type"] == "string"
    assert product["price_display"]["nullable"] is True
    assert "150.000" in product["price_display"]["description"]
    assert "Accept-Language" in product["price_display"]["description"]


def test_error_messages_are_vietnamese_by_default(client, catalogue):
    response = client.get(PRODUCTS, {"page_size": 500})
    assert response.json() == {"page_size": ["Một số nguyên từ 1 đến 100."]}


def test_the_open_data_page_follows_the_language(client):
    from tests.language import leaked_vietnamese, visible_texts

    page = client.get("/en/open-data/").content.decode()
    assert 'lang="en"' in page and "Open data" in page
    assert "Dữ liệu mở" not in page
    assert leaked_vietnamese(visible_texts(page)) == []
    footer = client.get("/en/catalogue/").content.decode()
    assert 'href="/en/open-data/"' in footer
    assert 'href="/open-data/ocop-products.csv"' in footer  # files: one address
