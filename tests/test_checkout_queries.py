"""The number of SQL queries of each step of a guest checkout stays pinned.

The bench's guest (bench/orders.py) takes these steps, redirects followed, for every
order; each query here is paid again per order. The limits are the counts measured
when the checkout was last made faster, with a little headroom: a query added per
basket line or a lookup repeated per request makes a step fail here.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory

from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=False)

#: Transaction bookkeeping is not a query a page asks for.
_BOOKKEEPING = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")

ADDRESS = {
    "last_name": "Nguyễn Văn Minh",
    "phone_number": "0912 345 678",
    "province": "15",
    "commune": "2869",
    "line1": "Số 12, thôn Bản Liền",
}

#: Queries allowed per step, redirects followed (as the bench's guest).
MAX_QUERIES = {
    "catalogue": 13,
    "add to basket": 21,
    "checkout": 5,
    "place order": 44,
}


@pytest.fixture
def vietqr_enabled(settings):
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011009999999"
    settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"


@pytest.fixture
def products():
    CountryFactory(
        iso_3166_1_a2="VN", printable_name="Việt Nam", is_shipping_country=True
    )
    seller = SellerFactory(name="HTX Chè Bản Liền")
    tea = ProductFactory(title="Chè Shan hữu cơ", stockrecords=None)
    StockRecordFactory(product=tea, partner=seller, price=Decimal(150000))
    plum = ProductFactory(title="Mận tam hoa sấy dẻo", stockrecords=None)
    StockRecordFactory(product=plum, partner=seller, price=Decimal(85000))
    return tea, plum


def checkout_steps(client, *, product_ids, method, email="khach@example.com"):
    """The bench's guest checkout, step by step: yields (step, response)."""
    yield "catalogue", lambda: client.get("/catalogue/")
    for product_id in product_ids:
        yield (
            "add to basket",
            lambda pk=product_id: client.post(
                f"/basket/add/{pk}/", {"quantity": 1}, follow=True
            ),
        )
    yield "checkout", lambda: client.get("/checkout/")
    yield (
        "place order",
        lambda: client.post(
            "/checkout/",
            {**ADDRESS, "email": email, "payment_method": method},
            follow=True,
        ),
    )


def measure_checkout(client, **kwargs):
    """Queries per step of one guest checkout: {step: [sql, ...]} and the last page."""
    counted = {}
    response = None
    for step, request in checkout_steps(client, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            response = request()
        assert response.status_code == 200, (step, response.status_code)
        counted.setdefault(step, []).append(
            [
                q["sql"]
                for q in captured.captured_queries
                if not q["sql"].startswith(_BOOKKEEPING)
            ]
        )
    return counted, response


@pytest.mark.parametrize("method", ["cod", "vietqr"])
def test_each_checkout_step_keeps_to_its_queries(
    client, products, vietqr_enabled, method, django_capture_on_commit_callbacks
):
    tea, plum = products
    # A first order warms what is kept between requests (site, content types...).
    measure_checkout(client, product_ids=[tea.pk], method=method, email="a@example.com")

    # The order mail is rendered by the worker once the order commits, outside the
    # requests counted.
    with django_capture_on_commit_callbacks(execute=True):
        counted, thank_you = measure_checkout(
            client, product_ids=[tea.pk, plum.pk], method=method
        )

    order = Order.objects.get(guest_email="khach@example.com")
    assert order.number in thank_you.content.decode()
    assert order.lines.count() == 2
    assert order.sources.get().amount_allocated == order.total_incl_tax
    assert tea.stockrecords.get().num_allocated == 2
    assert any(order.number in message.subject for message in mail.outbox)
    too_many = {
        step: [len(queries) for queries in per_request]
        for step, per_request in counted.items()
        if max(len(queries) for queries in per_request) > MAX_QUERIES[step]
    }
    assert not too_many, too_many


def test_search_sees_the_last_unit_an_order_takes(client, products):
    """An allocation refreshes search only when the product runs out: the order of
    one of two units keeps it in stock, the order of the last takes it out."""
    from search.backends import product_search
    from search.query import ProductQuery

    tea, plum = products
    plum.stockrecords.update(num_in_stock=2)

    def in_stock():
        return set(product_search(ProductQuery(in_stock=True)).product_ids)

    assert plum.pk in in_stock()
    measure_checkout(client, product_ids=[plum.pk], method="cod", email="a@x.vn")
    assert plum.pk in in_stock()
    measure_checkout(client, product_ids=[plum.pk], method="cod", email="b@x.vn")
    assert plum.stockrecords.get().net_stock_level == 0
    assert plum.pk not in in_stock()
    assert tea.pk in in_stock()
