"""Cash on delivery is recorded by whom it belongs to, once per line, whoever asks.

The mixed order: HTX Chè's part is 2 × 150,000 + 20,000 delivery = 320,000; HTX
Quang Tom's 85,000 + 30,000 = 115,000; the whole order 435,000.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from oscar.core.loading import get_model

from payments.models import PayoutLedgerEntry
from shop.partner.services import SellerActionError, order_cash_received_record
from tests.factories import UserFactory
from tests.payments.conftest import order_awaiting_payment
from tests.payments.test_concurrency import run_at_once

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def deliver(order, seller):
    for line in order.lines.filter(partner=seller):
        for status in ("Packed", "Shipped", "Delivered"):
            line.set_status(status)


def cash_url(order):
    return reverse("payments:order-cash-received", kwargs={"number": order.number})


def money(order) -> dict:
    """What recording cash changes: the debit, the cash events per line, the ledger."""
    order = Order.objects.get(pk=order.pk)
    return {
        "debited": order.sources.get().amount_debited,
        "events": sorted(
            (line.partner.name, line.payment_event_quantities.count())
            for line in order.lines.all()
        ),
        "ledger": sorted(
            PayoutLedgerEntry.objects.filter(line__order=order).values_list(
                "partner__name", "kind", "gross"
            )
        ),
    }


def test_a_seller_records_the_cash_of_its_own_delivered_lines_only(client, market):
    deliver(market.mixed, market.tea_coop)
    client.force_login(market.tea_user)

    response = client.post(cash_url(market.mixed))

    assert response.status_code == 302
    assert money(market.mixed) == {
        "debited": Decimal(320000),
        "events": [("HTX Chè Bản Liền", 1), ("HTX Quang Tom", 0)],
        "ledger": [("HTX Chè Bản Liền", "sale", 300000)],
    }


def test_a_seller_cannot_record_cash_for_another_sellers_order(client, market):
    deliver(market.plum_only, market.plum_coop)
    before = money(market.plum_only)
    client.force_login(market.tea_user)

    response = client.post(cash_url(market.plum_only))

    assert response.status_code == 404
    assert money(market.plum_only) == before


def test_cash_for_undelivered_lines_is_refused_with_the_reason(client, market):
    before = money(market.mixed)
    client.force_login(market.tea_user)

    response = client.post(cash_url(market.mixed))

    assert response.status_code == 409
    assert "giao" in response.content.decode()  # "mark your items delivered"
    assert "Không có gì bị thay đổi" in response.content.decode()
    assert money(market.mixed) == before


def test_a_bank_transfer_order_has_no_cash_to_record(client):
    order = order_awaiting_payment(method="vietqr")
    client.force_login(UserFactory(is_staff=True))

    response = client.post(cash_url(order))

    assert response.status_code == 409
    assert "tiền mặt" in response.content.decode().lower()
    order = Order.objects.get(pk=order.pk)
    assert order.sources.get().amount_debited == 0
    assert order.payment_events.count() == 0


def test_staff_after_a_seller_and_a_seller_after_staff_never_record_twice(
    client, market
):
    deliver(market.mixed, market.tea_coop)
    client.force_login(market.tea_user)
    assert client.post(cash_url(market.mixed)).status_code == 302

    client.force_login(UserFactory(is_staff=True))
    assert client.post(cash_url(market.mixed)).status_code == 302  # the rest
    again = client.post(cash_url(market.mixed))
    assert again.status_code == 409
    assert "đã được ghi nhận" in again.content.decode()

    deliver(market.mixed, market.plum_coop)
    client.force_login(market.plum_user)
    late = client.post(cash_url(market.mixed))
    assert late.status_code == 409
    dashboard = client.post(
        reverse("dashboard:order-detail", kwargs={"number": market.mixed.number}),
        {"order_action": "record_cash_received"},
        follow=True,
    )
    assert "đã được ghi nhận" in dashboard.content.decode()

    assert money(market.mixed) == {
        "debited": Decimal(435000),  # the order's total, once
        "events": [("HTX Chè Bản Liền", 1), ("HTX Quang Tom", 1)],
        "ledger": [
            ("HTX Chè Bản Liền", "sale", 300000),
            ("HTX Quang Tom", "sale", 85000),
        ],
    }


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks and serialises all writers",
)
def test_seller_and_staff_recording_at_the_same_moment_record_once(market):
    deliver(market.mixed, market.tea_coop)
    deliver(market.mixed, market.plum_coop)
    staff = UserFactory(is_staff=True)
    askers = [
        (market.tea_user, market.tea_coop),
        (market.plum_user, market.plum_coop),
        (staff, None),
    ] * 3

    turns = iter(askers)

    def record():
        user, seller = next(turns)
        try:
            return order_cash_received_record(
                order=market.mixed, user=user, seller=seller
            )
        except SellerActionError:
            return Decimal(0)

    amounts = run_at_once(len(askers), record)

    assert sum(amounts) == Decimal(435000)
    assert money(market.mixed) == {
        "debited": Decimal(435000),
        "events": [("HTX Chè Bản Liền", 1), ("HTX Quang Tom", 1)],
        "ledger": [
            ("HTX Chè Bản Liền", "sale", 300000),
            ("HTX Quang Tom", "sale", 85000),
        ],
    }
