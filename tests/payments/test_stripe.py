"""Card payments end to end against localstripe: paid, declined, refunded.

localstripe runs as a real server (``payments.localstripe_runner``, a subprocess) and
delivers signed webhooks to the live server; only ``charge.refunded``, which
localstripe never sends, is signed here with Stripe's own scheme.
"""

import json
import time

import pytest
import stripe
from django.urls import reverse
from oscar.core.loading import get_model

from payments.models import PayoutLedgerEntry, StripeEvent
from tests.factories import UserFactory
from tests.payments.localstripe import (
    WEBHOOK_SECRET,
    localstripe,
    stripe_settings,
    wait_for,
)
from tests.test_checkout import add_to_basket, checkout_as_guest, two_sellers_products

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["localstripe", "stripe_settings", "two_sellers_products"]


def pay_with_card(client_secret, number):
    """What Stripe.js does in the buyer's browser: card straight to Stripe."""
    intent_id = client_secret.split("_secret_")[0]
    method = stripe.PaymentMethod.create(
        type="card",
        card={"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
    )
    stripe.PaymentIntent.modify(intent_id, payment_method=method.id)
    try:
        stripe.PaymentIntent.confirm(intent_id)
    except stripe.CardError:
        pass  # the declined card: the webhook tells the shop
    return intent_id


def signed_event(event_type, obj):
    body = json.dumps(
        {
            "id": f"evt_{time.time_ns()}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
    timestamp = int(time.time())
    signature = stripe.WebhookSignature._compute_signature(
        f"{timestamp}.{body}", WEBHOOK_SECRET
    )
    return body, f"t={timestamp},v1={signature}"


def post_event(client, body, signature):
    return client.post(
        reverse("payments:stripe-webhook"),
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


def place_card_order(django_app, products):
    tea, plum = products
    add_to_basket(django_app, tea, 2)
    add_to_basket(django_app, plum, 1)
    thank_you = checkout_as_guest(django_app, method="stripe")
    order = Order.objects.get()
    assert order.status == "Pending payment"
    form = thank_you.html.select_one("#card-form")
    assert form["data-publishable-key"] == "pk_test_localstripe"
    script = thank_you.html.select_one("script[src$='/js.stripe.com/v3/']")
    assert script is not None  # Stripe.js (localstripe's stand-in) takes the card
    return order, form["data-client-secret"]


def test_card_payment_is_confirmed_by_the_signed_webhook_then_refunded_per_line(
    django_app, client, stripe_settings, two_sellers_products
):
    order, client_secret = place_card_order(django_app, two_sellers_products)
    assert order.sources.get().reference == client_secret.split("_secret_")[0]

    pay_with_card(client_secret, "4242424242424242")

    assert wait_for(lambda: Order.objects.get().status == "Pending")
    order = Order.objects.get()
    source = order.sources.get()
    assert source.amount_debited == 385000  # VND is zero-decimal: đồng as is
    assert PayoutLedgerEntry.objects.filter(kind="sale").count() == 2
    first_event = StripeEvent.objects.get(event_type="payment_intent.succeeded")

    # The same event again (Stripe retries): 200, no second payment.
    again_body = first_event.raw_body
    timestamp = int(time.time())
    signature = stripe.WebhookSignature._compute_signature(
        f"{timestamp}.{again_body}", WEBHOOK_SECRET
    )
    response = post_event(client, again_body, f"t={timestamp},v1={signature}")
    assert response.status_code == 200
    assert Order.objects.get().sources.get().amount_debited == 385000

    # A failure of an earlier attempt arriving late (out of order) changes nothing.
    body, signature = signed_event(
        "payment_intent.payment_failed",
        {"object": "payment_intent", "id": source.reference, "amount": 385000},
    )
    assert post_event(client, body, signature).status_code == 200
    assert Order.objects.get().status == "Pending"
    assert Order.objects.get().sources.get().amount_debited == 385000

    # Staff refund the plum line from the dashboard, through Stripe.
    staff = UserFactory(is_staff=True, is_superuser=True)
    plum_line = order.lines.get(product__title="Mận tam hoa sấy dẻo")
    detail = django_app.get(
        reverse("dashboard:order-detail", kwargs={"number": order.number}), user=staff
    )
    refund_form = detail.forms["refund_lines_form"]
    refund_form[f"line-{plum_line.pk}"] = "1"
    refund_form.submit().follow()
    source.refresh_from_db()
    assert source.amount_refunded == 85000
    refund = source.transactions.get(txn_type="Refund")
    assert refund.reference.startswith("re_")
    assert stripe.Refund.retrieve(refund.reference).amount == 85000
    debit = PayoutLedgerEntry.objects.get(kind="refund")
    assert debit.partner == plum_line.partner
    assert debit.gross == -85000

    # Stripe's charge.refunded for the same refund: already recorded, no change.
    charge = {"object": "charge", "payment_intent": source.reference}
    body, signature = signed_event(
        "charge.refunded", {**charge, "amount_refunded": 85000}
    )
    assert post_event(client, body, signature).status_code == 200
    source.refresh_from_db()
    assert source.amount_refunded == 85000
    # A refund made in Stripe's own dashboard arrives only by webhook: recorded.
    body, signature = signed_event(
        "charge.refunded", {**charge, "amount_refunded": 385000}
    )
    assert post_event(client, body, signature).status_code == 200
    source.refresh_from_db()
    assert source.amount_refunded == 385000
    # The rest of the order: the tea seller is debited, the plum seller not again.
    tea_line = order.lines.get(product__title="Chè Shan hữu cơ")
    debits = {
        (e.partner_id, e.gross) for e in PayoutLedgerEntry.objects.filter(kind="refund")
    }
    assert debits == {(plum_line.partner_id, -85000), (tea_line.partner_id, -300000)}
    assert Order.objects.get().status == "Cancelled"


def paid_card_order(django_app, products):
    """A card order of tea 2 × 150,000 đ and plum 1 × 85,000 đ, paid by webhook."""
    _order, client_secret = place_card_order(django_app, products)
    pay_with_card(client_secret, "4242424242424242")
    assert wait_for(lambda: Order.objects.get().status == "Pending")
    return Order.objects.get()


def order_page(django_app, order, user):
    return django_app.get(
        reverse("dashboard:order-detail", kwargs={"number": order.number}), user=user
    )


def test_staff_refund_a_line_then_the_whole_order_once_through_stripe(
    django_app, stripe_settings, two_sellers_products
):
    order = paid_card_order(django_app, two_sellers_products)
    tea, plum = two_sellers_products
    tea_stock, plum_stock = tea.stockrecords.get(), plum.stockrecords.get()
    assert (tea_stock.num_allocated, plum_stock.num_allocated) == (2, 1)
    staff = UserFactory(is_staff=True, is_superuser=True)
    plum_line = order.lines.get(product=plum)
    tea_line = order.lines.get(product=tea)

    detail = order_page(django_app, order, staff)
    stale_lines_form = detail.forms["refund_lines_form"]
    stale_lines_form[f"line-{plum_line.pk}"] = "1"
    stale_lines_form.submit().follow()
    # The same form sent again (a double click): refused, nothing refunded twice.
    again = stale_lines_form.submit().follow()
    assert "đã được hoàn tiền" in again.text  # "was refunded meanwhile"
    source = order.sources.get()
    assert source.amount_refunded == 85000

    detail = order_page(django_app, order, staff)
    assert "385000" in detail.html.select_one("#refund-summary").text
    assert (
        detail.forms["refund_lines_form"][f"line-{plum_line.pk}"].attrs.get("disabled")
        is not None
    )  # nothing left of the plum line
    whole = detail.forms["refund_order_form"]
    # Not confirmed: nothing happens.
    page = whole.submit().follow()
    assert "Đánh dấu" in page.text  # "Tick the box to confirm…"
    source.refresh_from_db()
    assert source.amount_refunded == 85000
    whole["confirm"] = "yes"
    page = whole.submit().follow()
    assert "Đã hoàn 300000 đồng" in page.text

    source.refresh_from_db()
    assert source.amount_refunded == 385000
    refunds = list(source.transactions.filter(txn_type="Refund").order_by("pk"))
    assert [int(r.amount) for r in refunds] == [85000, 300000]
    assert stripe.Refund.retrieve(refunds[1].reference).amount == 300000
    # Each seller debited for its own lines exactly once.
    debits = {
        (e.partner_id, e.gross) for e in PayoutLedgerEntry.objects.filter(kind="refund")
    }
    assert debits == {(plum_line.partner_id, -85000), (tea_line.partner_id, -300000)}
    # Refunded in full before shipping: cancelled, its stock back on sale.
    order.refresh_from_db()
    assert order.status == "Cancelled"
    tea_stock.refresh_from_db()
    plum_stock.refresh_from_db()
    assert (tea_stock.num_allocated, plum_stock.num_allocated) == (0, 0)
    events = order.payment_events.filter(event_type__name="Refunded")
    assert sorted(int(e.amount) for e in events) == [85000, 300000]

    # A second click on the whole-order button: refused with a clear message.
    page = whole.submit().follow()
    assert "đã được hoàn tiền" in page.text
    assert source.transactions.filter(txn_type="Refund").count() == 2
    assert "refund_order_form" not in order_page(django_app, order, staff).forms


def test_declined_card_leaves_the_order_awaiting_payment(
    django_app, stripe_settings, two_sellers_products
):
    order, client_secret = place_card_order(django_app, two_sellers_products)

    pay_with_card(client_secret, "4000000000000341")

    assert wait_for(
        lambda: StripeEvent.objects.filter(
            event_type="payment_intent.payment_failed"
        ).exists()
    )
    order = Order.objects.get()
    assert order.status == "Pending payment"
    assert order.sources.get().amount_debited == 0
    assert order.notes.filter(message__icontains="th").exists()  # "thất bại" note


def test_forged_stale_and_unreadable_events_are_refused(client, stripe_settings):
    body, signature = signed_event("payment_intent.succeeded", {"id": "pi_x"})
    forged = signature[:-4] + "0000"
    assert post_event(client, body, forged).status_code == 401
    old = int(time.time()) - 301
    stale = stripe.WebhookSignature._compute_signature(f"{old}.{body}", WEBHOOK_SECRET)
    assert post_event(client, body, f"t={old},v1={stale}").status_code == 401
    assert post_event(client, body, "").status_code == 401
    assert not StripeEvent.objects.exists()
