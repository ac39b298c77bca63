"""Refunds of orders paid by VietQR or cash: staff pay back by hand and record it.

The ledger, Oscar's payment events and transactions, and the order's status move
exactly as for a card refund through Stripe (tests/payments/test_stripe.py).
"""

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from payments import selectors, services
from payments.methods import order_code
from payments.models import PayoutLedgerEntry
from payments.simulation import notification_build
from shop.partner.services import order_cash_received_record
from tests.factories import UserFactory
from tests.payments.conftest import as_committed
from tests.test_checkout import add_to_basket, checkout_as_guest, two_sellers_products

Order = get_model("order", "Order")
EventHandler = get_class("order.processing", "EventHandler")

pytestmark = pytest.mark.django_db
__all__ = ["two_sellers_products"]


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


def place_order(django_app, products, method):
    """Tea 2 × 150,000 đ (one seller) and plum 1 × 85,000 đ (another)."""
    tea, plum = products
    add_to_basket(django_app, tea, 2)
    add_to_basket(django_app, plum, 1)
    checkout_as_guest(django_app, method=method)
    return Order.objects.get()


def pay_by_transfer(django_app, order):
    body, headers = notification_build(
        provider="sepay",
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=385000,
        memo=f"MBVCB.1.{order_code(order.number)}.CT",
    )
    with as_committed():  # the worker's processing, eagerly
        django_app.post(
            reverse("payments:bank-webhook", kwargs={"provider": "sepay"}),
            params=body,
            headers={k: v for k, v in headers.items() if k != "Content-Type"},
            content_type="application/json",
        )
    order.refresh_from_db()
    assert order.status == "Pending"


def order_page(django_app, order, user):
    return django_app.get(
        reverse("dashboard:order-detail", kwargs={"number": order.number}), user=user
    )


def post_refund(django_app, order, user, params):
    """POST to the refund view as a hand-made request would (with a CSRF token)."""
    page = order_page(django_app, order, user)
    token = page.html.select_one("input[name=csrfmiddlewaretoken]")["value"]
    return django_app.post(
        reverse("payments:order-refund", kwargs={"number": order.number}),
        params={**params, "csrfmiddlewaretoken": token},
        user=user,
    ).follow()


def test_staff_record_a_refund_by_hand_per_line_then_the_rest(
    django_app, two_sellers_products, staff
):
    order = place_order(django_app, two_sellers_products, "vietqr")
    pay_by_transfer(django_app, order)
    tea, plum = two_sellers_products
    plum_line = order.lines.get(product=plum)
    tea_line = order.lines.get(product=tea)

    detail = order_page(django_app, order, staff)
    assert "Ghi nhận khoản hoàn tiền đã trả thủ công" in detail.text
    assert "refund_order_form" in detail.forms
    lines_form = detail.forms["refund_lines_form"]
    lines_form[f"line-{plum_line.pk}"] = "1"
    # No reference of the transfer back: refused, nothing recorded.
    page = lines_form.submit().follow()
    assert "Hãy nhập mã tham chiếu" in page.text
    source = order.sources.get()
    assert source.amount_refunded == 0

    lines_form["reference"] = "FT24123456"
    page = lines_form.submit().follow()
    assert "Đã hoàn 85000 đồng" in page.text
    source.refresh_from_db()
    assert source.amount_refunded == 85000
    refund = source.transactions.get(txn_type="Refund")
    assert refund.reference == "manual:FT24123456"
    debit = PayoutLedgerEntry.objects.get(kind="refund")
    assert (debit.partner, debit.gross, debit.line) == (
        plum_line.partner,
        -85000,
        plum_line,
    )
    # Plum sold and refunded: its seller is owed nothing.
    assert selectors.partner_balance(partner=plum_line.partner) == 0

    # The plum line again (the form sent twice, or forged): refused.
    page = lines_form.submit().follow()
    assert "đã được hoàn tiền" in page.text
    response = post_refund(
        django_app,
        order,
        staff,
        {
            "scope": "lines",
            "expected_refunded": "85000",
            f"line-{plum_line.pk}": "1",
            "reference": "FT24123457",
        },
    )
    assert "Chỉ còn có thể hoàn tiền 0 sản phẩm" in response.text
    source.refresh_from_db()
    assert source.amount_refunded == 85000

    whole = order_page(django_app, order, staff).forms["refund_order_form"]
    whole["reference"] = "FT24123458"
    whole["confirm"] = "yes"
    page = whole.submit().follow()
    assert "Đã hoàn 300000 đồng" in page.text
    source.refresh_from_db()
    assert source.amount_refunded == 385000
    assert selectors.partner_balance(partner=tea_line.partner) == 0
    assert PayoutLedgerEntry.objects.filter(kind="refund").count() == 2
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert order.notes.filter(message__contains="FT24123458").exists() is False
    assert order.notes.filter(message__contains="300000").exists()
    events = order.payment_events.filter(event_type__name="Refunded")
    assert sorted(int(e.amount) for e in events) == [85000, 300000]
    assert "refund_order_form" not in order_page(django_app, order, staff).forms


def test_a_shipped_cash_order_refunded_in_full_keeps_its_status(
    django_app, two_sellers_products, staff
):
    order = place_order(django_app, two_sellers_products, "cod")
    detail = order_page(django_app, order, staff)
    assert "refund_order_form" not in detail.forms  # no cash yet: nothing to refund
    response = post_refund(
        django_app,
        order,
        staff,
        {"scope": "whole", "confirm": "yes", "expected_refunded": "0"},
    )
    assert "chưa được thanh toán" in response.text

    order_cash_received_record(order=order, user=staff)
    handler = EventHandler()
    for status in ("Being processed", "Shipped"):
        handler.handle_order_status_change(order, status)

    whole = order_page(django_app, order, staff).forms["refund_order_form"]
    whole["reference"] = "PT-0042"
    page = whole.submit().follow()  # not confirmed
    assert "Đánh dấu vào ô" in page.text
    whole["confirm"] = "yes"
    whole.submit().follow()

    order.refresh_from_db()
    assert order.status == "Shipped"  # the goods went out; the money came back
    assert order.sources.get().amount_refunded == 385000
    for line in order.lines.all():
        assert selectors.partner_balance(partner=line.partner) == 0


def test_card_and_manual_refunds_do_not_mix(django_app, two_sellers_products, staff):
    order = place_order(django_app, two_sellers_products, "vietqr")
    pay_by_transfer(django_app, order)
    with pytest.raises(ValueError, match="thủ công|by hand"):
        services.order_refund(order=order, user=staff)
    with pytest.raises(ValueError, match="tham chiếu|reference"):
        services.order_refund_record(order=order, reference="  ", user=staff)
    assert order.sources.get().amount_refunded == 0
