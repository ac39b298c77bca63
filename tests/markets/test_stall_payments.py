"""Transfers to a stall's account become stall payments, once, and touch no order."""

import pytest
from oscar.core.loading import get_model

from payments.markets.models import StallPayment
from payments.markets.selectors import stall_feed
from payments.models import BankNotification
from tests.markets.conftest import post, stall_transfer
from tests.payments.conftest import order_awaiting_payment

Order = get_model("order", "Order")

pytestmark = [pytest.mark.django_db, pytest.mark.at_any_hour]

PROVIDERS = ["payos", "casso", "sepay"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_transfer_to_a_stall_account_is_a_stall_payment_once(client, stall, provider):
    body, headers = stall_transfer(stall, provider, amount=35000)

    first = post(client, provider, body, headers)
    again = post(client, provider, body, headers)

    assert first.status_code == again.status_code == 200
    notification = BankNotification.objects.get()
    assert notification.route == BankNotification.Route.STALL
    assert notification.status == BankNotification.Status.ROUTED
    assert notification.order is None
    payment = StallPayment.objects.get()
    assert (payment.stall, payment.vendor, payment.amount) == (
        stall,
        stall.vendor,
        35000,
    )
    feed = stall_feed(stall=stall, since=0)
    assert [item["amount"] for item in feed["payments"]] == [35000]
    assert feed["today_total"] == 35000


def test_a_stall_payment_touches_no_order_even_with_an_order_code_in_the_memo(
    client, stall
):
    order = order_awaiting_payment(price=17500, quantity=2)
    memo = f"MBVCB.1.OCOP{order.number}.CT"
    body, headers = stall_transfer(stall, amount=35000, memo=memo)

    assert post(client, "sepay", body, headers).status_code == 200

    order.refresh_from_db()
    assert order.status == "Pending payment"
    assert order.sources.get().amount_debited == 0
    assert not order.payment_events.exists()
    assert BankNotification.objects.get().route == BankNotification.Route.STALL
    assert StallPayment.objects.count() == 1


def test_an_unknown_account_stays_unmatched_and_makes_no_stall_payment(client, stall):
    body, headers = stall_transfer(stall)
    body = body.replace(stall.vendor.bank_account_number.encode(), b"7777777777777")

    post(client, "sepay", body, headers)

    notification = BankNotification.objects.get()
    assert notification.route == BankNotification.Route.UNMATCHED
    assert notification.status == BankNotification.Status.REVIEW
    assert not StallPayment.objects.exists()


def test_the_same_transfer_reported_by_two_providers_is_shown_once(client, stall):
    # Both carry the bank's reference FTREF123 for the same account.
    for provider in ("sepay", "casso"):
        body, headers = stall_transfer(stall, provider, transaction_id="REF123")
        assert post(client, provider, body, headers).status_code == 200

    assert BankNotification.objects.filter(route="stall").count() == 2
    feed = stall_feed(stall=stall, since=0)
    assert [item["amount"] for item in feed["payments"]] == [35000]
    assert feed["today_total"] == 35000


def test_another_transfer_with_the_same_amount_is_shown_too(client, stall):
    for _ in range(2):
        body, headers = stall_transfer(stall, amount=20000)
        post(client, "sepay", body, headers)

    assert stall_feed(stall=stall, since=0)["today_total"] == 40000
