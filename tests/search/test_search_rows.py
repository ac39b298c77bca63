"""What buyers see follows every change at once, whichever way the backend reads.

On PostgreSQL the database backend answers from its own search rows; these tests
change the catalogue the ways sellers and the calendar do and check the next search
shows it. They run on SQLite too (there the backend reads the catalogue directly).
"""

import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from search.backends import product_search
from search.query import ProductQuery, Sort
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _product(title, *, price=100_000, stock=10, seller=None, stars=4, **fields):
    product = ProductFactory(title=title, ocop_stars=stars, stockrecords=None, **fields)
    record = StockRecordFactory(
        product=product,
        partner=seller or SellerFactory(),
        price=Decimal(price),
        num_in_stock=stock,
    )
    return product, record


def _ids(**query):
    return product_search(ProductQuery(per_page=100, **query)).product_ids


def test_a_new_price_moves_the_product_in_the_price_sort_and_bucket(db):
    cheap, _ = _product("Mật ong rừng", price=90_000)
    dear, record = _product("Mật ong bạc hà", price=150_000)
    assert _ids(sort=Sort.PRICE_ASC) == [cheap.pk, dear.pk]

    record.price = Decimal(50_000)
    record.save()

    assert _ids(sort=Sort.PRICE_ASC) == [dear.pk, cheap.pk]
    assert set(_ids(price_min=0, price_max=100_000)) == {dear.pk, cheap.pk}
    assert product_search(ProductQuery()).facets["price"] == {"0-100000": 2}


def test_a_product_offered_at_two_prices_is_in_both_buckets(db):
    product, _ = _product("Chè Shan tuyết", price=90_000)
    StockRecordFactory(product=product, price=Decimal(600_000), num_in_stock=3)

    assert _ids(price_min=0, price_max=100_000) == [product.pk]
    assert _ids(price_min=500_000) == [product.pk]
    assert _ids(price_min=100_000, price_max=500_000) == []
    assert product_search(ProductQuery()).facets["price"] == {
        "0-100000": 1,
        "500000-": 1,
    }
    # Sorted by its lowest price, like the catalogue shows it.
    assert _ids(sort=Sort.PRICE_DESC) == [product.pk]
    dear, _ = _product("Chè Shan tuyết cổ thụ", price=550_000)
    assert _ids(price_min=500_000, sort=Sort.PRICE_ASC) == [product.pk, dear.pk]
    assert _ids(price_min=500_000, sort=Sort.PRICE_DESC) == [dear.pk, product.pk]
    page_two = product_search(
        ProductQuery(price_min=500_000, sort=Sort.PRICE_ASC, per_page=1, page=2)
    )
    assert page_two.product_ids == [dear.pk]


def test_a_product_of_two_sellers_in_two_categories_counts_under_each(db):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    product, record = _product("Chè Shan tuyết hộp quà", price=90_000)
    other_seller = SellerFactory()
    StockRecordFactory(
        product=product, partner=other_seller, price=Decimal(95_000), num_in_stock=3
    )
    honey, _ = _product("Mật ong bạc hà", seller=record.partner, price=150_000)
    tea = create_from_breadcrumbs("Chè")
    gifts = create_from_breadcrumbs("Quà tặng")
    product.categories.add(tea, gifts)
    honey.categories.add(tea)

    facets = product_search(ProductQuery()).facets
    assert facets["seller"] == {record.partner_id: 2, other_seller.pk: 1}
    # (Each product also keeps the category its factory gave it.)
    assert (facets["category"][tea.pk], facets["category"][gifts.pk]) == (2, 1)
    assert facets["price"] == {"0-100000": 1, "100000-200000": 1}
    # Each seller's or category's count is what ticking it finds.
    narrowed = product_search(ProductQuery(seller_ids=(other_seller.pk,))).facets
    assert (narrowed["category"][tea.pk], narrowed["category"][gifts.pk]) == (1, 1)
    assert narrowed["seller"] == {record.partner_id: 2, other_seller.pk: 1}
    assert product_search(ProductQuery(category_ids=(gifts.pk,))).facets["seller"] == {
        record.partner_id: 1,
        other_seller.pk: 1,
    }


def test_selling_the_last_unit_takes_the_product_out_of_in_stock(db):
    product, record = _product("Gạo Séng Cù", stock=1)
    assert _ids(in_stock=True) == [product.pk]

    record.allocate(1)  # an order took the last unit

    assert _ids(in_stock=True) == []
    assert product_search(ProductQuery()).facets["in_stock"] == {}


def test_suspending_a_seller_hides_its_products_from_search_and_counts(db):
    seller = SellerFactory(name="HTX Mường Vi")
    product, _ = _product("Gạo Séng Cù Mường Vi", seller=seller)
    other, _ = _product("Đậu đỏ Đồng Văn")
    assert _ids(text="gao seng cu") == [product.pk]

    seller.is_suspended = True
    seller.save()

    assert _ids(text="gao seng cu") == []
    result = product_search(ProductQuery())
    assert result.product_ids == [other.pk]
    assert seller.pk not in result.facets["seller"]


def test_a_seller_offering_a_products_variant_is_suspended(db):
    parent = ProductFactory(title="Khăn thổ cẩm", structure="parent", stockrecords=None)
    child = ProductFactory(
        title="Khăn thổ cẩm đỏ", structure="child", parent=parent, stockrecords=None
    )
    seller = SellerFactory()
    StockRecordFactory(product=child, partner=seller)
    assert _ids(text="khan tho cam") == [parent.pk]

    seller.is_suspended = True
    seller.save()

    assert _ids(text="khan tho cam") == []


def test_a_new_category_counts_at_once(db):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    product, _ = _product("Táo mèo sấy")
    gifts = create_from_breadcrumbs("Quà tặng")

    product.categories.add(gifts)

    assert _ids(category_ids=(gifts.pk,)) == [product.pk]
    assert product_search(ProductQuery()).facets["category"][gifts.pk] == 1
    assert product_search(ProductQuery(scope_category_ids=(gifts.pk,))).total == 1


def test_a_rating_that_lapses_overnight_stops_counting_the_next_morning(
    db, monkeypatch
):
    today = timezone.localdate()
    lapsing, _ = _product(
        "Trà hoa vàng",
        stars=5,
        ocop_decision_date=today - datetime.timedelta(days=400),
        ocop_valid_until=today,
    )
    lasting, _ = _product("Bưởi Múc", stars=3)
    assert _ids(sort=Sort.STARS) == [lapsing.pk, lasting.pk]
    assert product_search(ProductQuery(stars=(5,))).total == 1

    # The next day: nothing was saved overnight.
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert _ids(sort=Sort.STARS) == [lasting.pk, lapsing.pk]
    result = product_search(ProductQuery())
    assert result.facets["stars"] == {3: 1}
    assert product_search(ProductQuery(stars=(5,))).total == 0


def test_a_rating_granted_for_tomorrow_counts_from_tomorrow(db, monkeypatch):
    today = timezone.localdate()
    product, _ = _product(
        "Cốm Na Lo",
        stars=4,
        ocop_decision_date=today + datetime.timedelta(days=1),
    )
    assert product_search(ProductQuery(stars=(4,))).total == 0

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert _ids(stars=(4,)) == [product.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search rows exist on PostgreSQL"
)
def test_search_index_rebuild_brings_back_rows_lost_to_a_bulk_write(db):
    """Writes that skip the save signals (bulk updates) are caught up by a rebuild."""
    from django.core.management import call_command

    from search.models import ProductSearchRow

    product, _ = _product("Miến dong")
    ProductSearchRow._default_manager.all().delete()
    assert _ids(text="mien dong") == []

    with open(os.devnull, "w") as quiet:
        call_command("search_index", "rebuild", stdout=quiet)

    assert _ids(text="mien dong") == [product.pk]


def test_the_search_benchmark_starts_without_payment_settings(tmp_path):
    """``make bench-search`` as the README writes it: only DATABASE_URL is given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIETQR_", "PAYMENT_", "DJANGO_", "DEBUG"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    started = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, sys; sys.argv = ['bench/search.py']; "
            "module = runpy.run_path('bench/search.py', run_name='bench_search'); "
            "import django; django.setup(); print('started')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-2000:]
    assert "started" in started.stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search rows are PostgreSQL's"
)
def test_a_new_product_is_in_the_word_index_itself_not_a_pending_list(db):
    """Every search reads a GIN index's pending list in full: the search rows'
    indexes have none, so a seller's new product costs later searches nothing."""
    product, _ = _product("Miến dong Bình Liêu")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN "
            "('search_row_words', 'search_row_sellers', 'search_row_categories')"
        )
        options = dict(cursor.fetchall())
    assert options == dict.fromkeys(
        ["search_row_words", "search_row_sellers", "search_row_categories"],
        ["fastupdate=off"],
    )
    assert _ids(text="mien dong binh") == [product.pk]
