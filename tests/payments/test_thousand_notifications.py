"""A thousand bank notifications, duplicated, shuffled and concurrent: money adds up.

200 orders await a VietQR transfer. The banks' providers report 1,000 deliveries:
the transfers that pay 160 of them, the same transfer reported again by another
provider, underpaid transfers, memos without an order code, transfers to another
account, and retries of all of these, in a random order, posted through the real
webhook view by several threads at once (PostgreSQL: each thread has its own
connection, as each web worker would).
"""

import json
import queue
import random
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from payments.methods import order_amount, order_code
from payments.models import BankNotification, PayoutLedgerEntry
from payments.simulation import notification_build
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory
from tests.payments.conftest import COLLECTION_ACCOUNT, order_awaiting_payment

Order = get_model("order", "Order")
Transaction = get_model("payment", "Transaction")

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and serialises all "
        "writers, so a concurrency test would prove nothing there",
    ),
]

PROVIDERS = ["payos", "casso", "sepay"]
ORDERS = 200
PAID = 160  # orders 0..159 get a transfer of exactly what is due
UNDERPAID_ONLY = 20  # orders 160..179 get less than is due; 180..199 get nothing
DELIVERIES = 1000
THREADS = 4
Review = BankNotification.Reason


def _delivery(provider, *, amount, memo, account=COLLECTION_ACCOUNT, txn):
    body, headers = notification_build(
        provider=provider,
        account_number=account,
        amount=amount,
        memo=memo,
        transaction_id=txn,
    )
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    extra.pop("HTTP_CONTENT_TYPE", None)
    return {"provider": provider, "txn": txn, "body": body, "headers": extra}


def _deliveries(orders, rng):
    """The distinct transfers reported, and what each should end as."""
    unique = []
    for i, order in enumerate(orders):
        due, memo = order_amount(order), f"MBVCB.{i}.{order_code(order.number)}.CK"
        provider = PROVIDERS[i % 3]
        if i < PAID:
            unique.append(_delivery(provider, amount=due, memo=memo, txn=f"P{i}"))
            if i % 4 == 0:  # the same transfer, also reported by another provider
                other = PROVIDERS[(i + 1) % 3]
                unique.append(_delivery(other, amount=due, memo=memo, txn=f"X{i}"))
        elif i < PAID + UNDERPAID_ONLY:
            unique.append(
                _delivery(provider, amount=due - 1000, memo=memo, txn=f"U{i}")
            )
    for n in range(40):
        unique.append(
            _delivery(
                PROVIDERS[n % 3], amount=50000, memo=f"chuyen tien {n}", txn=f"N{n}"
            )
        )
    for n in range(10):
        unique.append(
            _delivery(
                PROVIDERS[n % 3],
                amount=120000,
                memo=order_code(orders[n].number),
                account="1234567890",
                txn=f"W{n}",
            )
        )
    retries = [rng.choice(unique) for _ in range(DELIVERIES - len(unique))]
    deliveries = unique + retries
    rng.shuffle(deliveries)
    return unique, deliveries


def _post_all(deliveries):
    """Post every delivery from THREADS threads at once; the status codes."""
    todo = queue.SimpleQueue()
    for delivery in deliveries:
        todo.put(delivery)
    statuses = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker():
        client, seen = Client(), Counter()
        try:
            barrier.wait()
            while True:
                try:
                    delivery = todo.get_nowait()
                except queue.Empty:
                    break
                response = client.post(
                    reverse(
                        "payments:bank-webhook",
                        kwargs={"provider": delivery["provider"]},
                    ),
                    data=delivery["body"],
                    content_type="application/json",
                    **delivery["headers"],
                )
                seen[response.status_code] += 1
        finally:
            connections.close_all()
            with lock:
                statuses.update(seen)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_a_thousand_shuffled_concurrent_notifications_pay_each_order_once():
    rng = random.Random(20261204)
    products = []
    for seller in SellerFactory.create_batch(3):
        for _ in range(10):
            product = ProductFactory(stockrecords=None)
            StockRecordFactory(
                product=product,
                partner=seller,
                price=Decimal(rng.randrange(20, 900) * 1000),
                num_in_stock=ORDERS * 3,
            )
            products.append(product)
    orders = [
        order_awaiting_payment(product=rng.choice(products), quantity=rng.randint(1, 3))
        for _ in range(ORDERS)
    ]
    unique, deliveries = _deliveries(orders, rng)
    assert len(deliveries) == DELIVERIES
    assert len(unique) < DELIVERIES / 2  # most deliveries are retries

    statuses = _post_all(deliveries)

    # Every delivery was answered 2xx: no provider is left retrying.
    assert statuses == Counter({200: DELIVERIES})

    # Each order with a full transfer is paid exactly once; the others are not.
    paid, unpaid = orders[:PAID], orders[PAID:]
    for order in paid:
        order = Order.objects.get(pk=order.pk)
        source = order.sources.get()
        assert order.status == "Pending", order.number
        assert source.amount_debited == order_amount(order)
        assert source.transactions.filter(txn_type="Debit").count() == 1
        assert order.payment_events.filter(event_type__name="Paid").count() == 1
    for order in unpaid:
        order = Order.objects.get(pk=order.pk)
        assert order.status == "Pending payment", order.number
        assert order.sources.get().amount_debited == 0

    # No money counted twice: what was received and what sellers are owed add up
    # to exactly the paid orders.
    expected = sum(order_amount(order) for order in paid)
    debited = Transaction.objects.filter(txn_type="Debit").aggregate(s=Sum("amount"))
    assert debited["s"] == expected
    lines_total = sum(
        int(line.line_price_incl_tax) for order in paid for line in order.lines.all()
    )
    ledger = PayoutLedgerEntry.objects.filter(kind=PayoutLedgerEntry.Kind.SALE)
    assert ledger.aggregate(s=Sum("gross"))["s"] == lines_total
    assert ledger.count() == sum(order.lines.count() for order in paid)

    # Every distinct notification is kept raw, once; retries added nothing.
    stored = {
        (n.provider, n.provider_transaction_id): n.raw_body
        for n in BankNotification.objects.all()
    }
    assert len(stored) == BankNotification.objects.count() == len(unique)
    for delivery in unique:
        raw = stored[(delivery["provider"], delivery["txn"])]
        assert json.loads(raw) == json.loads(delivery["body"])

    # One notification per paid order paid it; everything else awaits review.
    notifications = BankNotification.objects
    assert notifications.filter(status="paid").count() == PAID
    assert notifications.filter(status="paid", order__in=paid).count() == PAID
    review = Counter(
        notifications.filter(status="review").values_list("reason", flat=True)
    )
    assert review == {
        Review.NOT_AWAITING: PAID // 4,  # the second report of a paid transfer
        Review.UNDERPAID: UNDERPAID_ONLY,
        Review.UNKNOWN_CODE: 40,
        Review.WRONG_ACCOUNT: 10,
    }
    assert not notifications.exclude(status__in=["paid", "review"]).exists()
