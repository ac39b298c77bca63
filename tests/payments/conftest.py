"""Payments fixtures: provider keys switched on, orders awaiting payment, and
what a commit would have run."""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from payments.methods import order_code
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

Basket = get_model("basket", "Basket")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

COLLECTION_ACCOUNT = "0011009999999"


@pytest.fixture(autouse=True)
def payment_settings(settings):
    """Every provider switched on with test keys, and the demo collection account."""
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    settings.BANK_NOTIFICATION_PROVIDERS = ["payos", "casso", "sepay"]
    settings.PAYOS_CHECKSUM_KEY = "test-payos-checksum-key"
    settings.CASSO_CHECKSUM_KEY = "test-casso-checksum-key"
    settings.SEPAY_API_KEY = "test-sepay-key"
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = COLLECTION_ACCOUNT
    settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"
    return settings


def order_awaiting_payment(
    *,
    method="vietqr",
    price=150000,
    quantity=2,
    seller=None,
    reference=None,
    product=None,
):
    """An order placed as 'Pending payment' with its stock allocated.

    ``product`` (with its own stock record and price) is reused when given: quicker
    for tests that place hundreds of orders.
    """
    if product is None:
        seller = seller or SellerFactory()
        product = ProductFactory(stockrecords=None)
        StockRecordFactory(product=product, partner=seller, price=Decimal(price))
    basket = Basket.objects.create()
    basket.strategy = Default()
    basket.add_product(product, quantity=quantity)
    # Oscar's order creator allocates the stock, as at checkout.
    order = create_order(
        basket=basket, status="Pending payment", guest_email="khach@example.com"
    )
    order.refresh_from_db()  # Oscar's factory leaves the number an int
    source_type, _created = SourceType.objects.get_or_create(
        code=method, defaults={"name": method}
    )
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency="VND",
        amount_allocated=order.total_incl_tax,
        reference=reference or order_code(order.number),
    )
    return order


@pytest.fixture
def vietqr_order(db):
    """An order of 2 × 150,000 đ awaiting a VietQR transfer."""
    return order_awaiting_payment()


@contextmanager
def as_committed():
    """Run, at the end of the block, what it left for after the commit (the bank
    notification's processing task, then the mails that queues), as the commit
    of a real request would; then forget them.

    A test that is not transactional runs inside a transaction that never
    commits, so ``delay_on_commit`` would never fire. Unlike Django's
    ``captureOnCommitCallbacks``, the callbacks are taken off the connection's
    list, so an enclosing capture does not run them a second time.
    """
    start = len(connection.run_on_commit)
    try:
        yield
    finally:
        while len(connection.run_on_commit) > start:
            _savepoints, callback, _robust = connection.run_on_commit.pop(start)
            callback()  # a test wants to see an error, robust or not
