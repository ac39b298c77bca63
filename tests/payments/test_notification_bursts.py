"""Twenty orders paid by twenty different transfers arriving at once, from a mix
of providers with copies among them: each order paid exactly once.

Runs on PostgreSQL and on SQLite (the embedded default): the demo is where a burst
of notifications used to lose payments to "database is locked".
"""

from decimal import Decimal

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from payments.methods import order_code
from payments.models import BankNotification, PayoutLedgerEntry
from payments.simulation import notification_build
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory
from tests.payments.conftest import COLLECTION_ACCOUNT, order_awaiting_payment
from tests.payments.test_concurrency import run_at_once

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDERS = ["sepay", "casso", "payos"]


def deliver_all_at_once(deliveries):
    """Post each (provider, body, headers) from its own thread and connection,
    all released together; the answers' status codes, in order."""
    index = iter(range(len(deliveries)))

    def work():
        provider, body, headers = deliveries[next(index)]
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        extra.pop("HTTP_CONTENT_TYPE", None)
        response = Client().post(
            reverse("payments:bank-webhook", kwargs={"provider": provider}),
            data=body,
            content_type="application/json",
            **extra,
        )
        return response.status_code

    return run_at_once(len(deliveries), work)


def test_twenty_orders_paid_at_once_with_copies_each_once():
    product = ProductFactory(stockrecords=None)
    StockRecordFactory(
        product=product, partner=SellerFactory(), price=Decimal(150000), num_in_stock=99
    )
    orders = [order_awaiting_payment(product=product) for _ in range(20)]
    originals = []
    for n, order in enumerate(orders):
        provider = PROVIDERS[n % len(PROVIDERS)]
        body, headers = notification_build(
            provider=provider,
            account_number=COLLECTION_ACCOUNT,
            amount=300000,
            memo=f"MBVCB.{n}.{order_code(order.number)}.CT tu 0912345678",
            transaction_id=f"BURST{n}",
        )
        originals.append((provider, body, headers))
    # One delivery in five is a copy (the provider's retry arriving with it).
    deliveries = [*originals, *originals[::4]]
    assert len(deliveries) == 25

    statuses = deliver_all_at_once(deliveries)

    assert statuses == [200] * 25
    ids = [order.pk for order in orders]
    assert set(Order.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "Pending"
    }
    paid_events = PaymentEvent.objects.filter(order_id__in=ids, event_type__name="Paid")
    assert paid_events.count() == 20
    assert not paid_events.values("order").annotate(n=Count("id")).filter(n__gt=1)
    for order in orders:
        source = order.sources.get()
        assert source.amount_debited == 300000
        assert source.transactions.filter(txn_type="Debit").count() == 1
    assert PayoutLedgerEntry.objects.filter(line__order_id__in=ids).count() == 20
    assert BankNotification.objects.count() == 20
    assert set(BankNotification.objects.values_list("status", flat=True)) == {"paid"}
