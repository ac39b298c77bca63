"""A guest pays by VietQR: pending order, QR for the collection account, then paid."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from payments import vietqr
from payments.selectors import order_payment_view
from payments.simulation import notification_build
from tests.payments.conftest import COLLECTION_ACCOUNT, as_committed
from tests.test_checkout import add_to_basket, checkout_as_guest, two_sellers_products

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db
__all__ = ["two_sellers_products"]


def decode(png: bytes) -> str:
    (result,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return result.text


def test_guest_checkout_with_vietqr_shows_a_qr_and_turns_paid(
    django_app, two_sellers_products
):
    tea, plum = two_sellers_products
    add_to_basket(django_app, tea, 2)
    add_to_basket(django_app, plum, 1)

    thank_you = checkout_as_guest(django_app, method="vietqr")

    order = Order.objects.get()
    assert order.status == "Pending payment"
    total = 2 * 150000 + 85000
    code = f"OCOP{order.number}"
    text = thank_you.text
    for shown in (COLLECTION_ACCOUNT, "TT XUC TIEN THUONG MAI LAO CAI", code, "385000"):
        assert shown in text
    assert "<svg" in text  # inline QR, no extra request
    assert "Chờ thanh toán" in text

    # The PNG decodes, with a real decoder, to a payload for this order exactly.
    png_url = thank_you.html.select_one("a[download]")["href"]
    png = django_app.get(png_url)
    assert png.content_type == "image/png"
    payload = vietqr.parse_payload(decode(png.body))
    assert payload.account_number == COLLECTION_ACCOUNT
    assert payload.bank_bin == "970436"
    assert payload.amount == total
    assert payload.purpose == code
    assert payload.is_dynamic
    assert decode(png.body) == order_payment_view(order=order).start.qr_payload

    status_url = thank_you.html.select_one("#order-payment")["data-status-url"]
    assert django_app.get(status_url).json == {"status": "pending"}

    body, headers = notification_build(
        provider="sepay", account_number=COLLECTION_ACCOUNT, amount=total, memo=code
    )
    with as_committed():  # the worker applies it once the webhook has answered
        answer = django_app.post(
            reverse("payments:bank-webhook", kwargs={"provider": "sepay"}),
            params=body,
            headers=headers,
            content_type="application/json",
        )
        assert answer.json == {"success": True}
        # Stored, not applied yet: the page's polling still reads "pending"...
        assert django_app.get(status_url).json == {"status": "pending"}
        polling = thank_you.html.select_one("#order-payment")
        assert polling.has_attr("data-status-url")

    # ...and "paid" as soon as the worker has applied it, with no reload.
    assert django_app.get(status_url).json == {"status": "paid"}
    # Without JavaScript: the refresh link reloads the page, now saying paid.
    refreshed = django_app.get(thank_you.html.select_one("#payment-refresh")["href"])
    assert not refreshed.html.select_one("#payment-paid").has_attr("hidden")
    assert refreshed.html.select_one("#payment-pending") is None
    assert "Đã thanh toán" in refreshed.text


def test_status_endpoint_needs_the_order_token(django_app, vietqr_order):
    good = reverse(
        "payments:order-status", kwargs={"token": vietqr_order.verification_hash()}
    )
    assert django_app.get(good).json == {"status": "pending"}
    forged = reverse(
        "payments:order-status", kwargs={"token": f"{vietqr_order.number}:forged"}
    )
    assert django_app.get(forged, expect_errors=True).status_code == 404


def test_cash_on_delivery_is_placed_awaiting_delivery(django_app, two_sellers_products):
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea)
    thank_you = checkout_as_guest(django_app, method="cod")
    order = Order.objects.get()
    assert order.status == "Pending"
    assert order.sources.get().source_type.code == "cash-on-delivery"
    assert "tiền mặt" in thank_you.text.lower()


def test_payment_methods_offered_follow_settings(
    django_app, two_sellers_products, settings
):
    settings.PAYMENT_METHODS = ["cod"]
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea)
    with pytest.raises(ValueError, match="vietqr"):  # not offered
        checkout_as_guest(django_app, method="vietqr")
    assert not Order.objects.exists()
