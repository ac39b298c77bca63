"""Fifty buyers race for the last ten units: ten are sold, the rest are told why.

Each buyer is a thread with its own test client and its own database connection, so
the orders are placed in truly concurrent transactions: row locks order them on
PostgreSQL, immediate transactions on SQLite (the demo's database).
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from oscar.apps.catalogue.abstract_models import MissingProductImage
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory

from tests.factories import ProductFactory, StockRecordFactory

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")

BUYERS = 50
UNITS = 10
SOLD_OUT = "hết hàng"  # "sold out", as every loser must read it


@pytest.fixture
def last_ten_units():
    CountryFactory(
        iso_3166_1_a2="VN", printable_name="Việt Nam", is_shipping_country=True
    )
    product = ProductFactory(title="Mật ong bạc hà Mèo Vạc", stockrecords=None)
    StockRecordFactory(product=product, price=Decimal(250000), num_in_stock=UNITS)
    # Oscar links its "no image" picture into MEDIA_ROOT on first use; fifty first
    # uses at once would race to create the same link (a one-off on a real server).
    MissingProductImage()
    return product


def _checkout_page(client, *, product, email):
    """Basket with one unit, then the guest's checkout page: the order to post."""
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    return guest_checkout_open(client, email=email)


def guest_checkout_open(client, *, email, method="cod"):
    """The guest opens the one-page checkout for the basket as it stands; returns
    what the buyer fills in there (the POST that places the order)."""
    page = client.get(reverse("checkout:index"))
    assert 'id="checkout_form"' in page.text, page.text
    return {
        "email": email,
        "last_name": "Nguyễn Văn Minh",
        "line1": "Thôn Bản Liền",
        "province": "15",  # Lào Cai
        "commune": "2869",  # Xã Bản Liền
        "phone_number": "+84912345678",
        "payment_method": method,
    }


def place_order_together(start_together, prepare):
    """A buyer with its own client: ``prepare(client)`` brings it to the checkout
    page and returns the order to post, then it waits for the others and places the
    order at the same moment.

    Returns whether the order was placed, the page the buyer then read and its
    basket page."""
    client = Client()
    try:
        try:
            order = prepare(client)
        except BaseException:
            start_together.abort()  # the others stop waiting: fail fast
            raise
        start_together.wait()
        placed = client.post(reverse("checkout:index"), order, follow=True)
        basket = client.get(reverse("basket:summary"))
        return {
            "ordered": "checkout/thank-you" in placed.wsgi_request.path,
            "page": placed.text,
            "basket_page": basket.text,
        }
    finally:
        connections.close_all()


def _buyer(number, *, product, start_together):
    return place_order_together(
        start_together,
        lambda client: _checkout_page(
            client, product=product, email=f"khach{number}@example.com"
        ),
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_for_ten_units_sell_exactly_ten(last_ten_units):
    product = last_ten_units
    start_together = threading.Barrier(BUYERS, timeout=60)
    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        outcomes = list(
            pool.map(
                lambda n: _buyer(n, product=product, start_together=start_together),
                range(BUYERS),
            )
        )

    winners = [o for o in outcomes if o["ordered"]]
    losers = [o for o in outcomes if not o["ordered"]]
    assert len(winners) == UNITS
    assert Order.objects.count() == UNITS
    assert sum(OrderLine.objects.values_list("quantity", flat=True)) == UNITS
    stock = product.stockrecords.get()
    assert (stock.num_in_stock, stock.num_allocated) == (UNITS, UNITS)

    for loser in losers:
        assert SOLD_OUT in loser["page"], loser["page"][:3000]
        assert product.title in loser["basket_page"]
    # Every loser still has an open basket holding the unit it wanted.
    kept = Basket.objects.filter(status=Basket.OPEN, lines__product=product)
    assert kept.count() == BUYERS - UNITS


@pytest.mark.django_db
def test_a_buyer_asking_for_more_than_is_left_gets_nothing(last_ten_units):
    """The allocation itself refuses, whatever the earlier checks let through."""
    from shop.partner.exceptions import SoldOut

    stock = last_ten_units.stockrecords.get()
    with pytest.raises(SoldOut) as refused:
        stock.allocate(UNITS + 1)
    assert SOLD_OUT in str(refused.value)
    stock.refresh_from_db()
    assert stock.num_allocated in (0, None)
