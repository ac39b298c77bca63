"""Bank-notification webhooks: payOS, Casso and SePay, as each provider delivers."""

import json
import time

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from payments.methods import order_code
from payments.models import BankNotification, PayoutLedgerEntry
from payments.providers import casso
from payments.simulation import notification_build
from tests.payments.conftest import COLLECTION_ACCOUNT, as_committed

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

PROVIDERS = ["payos", "casso", "sepay"]


def post(client, provider, body, headers, *, committed=True):
    """Deliver a notification; by default what follows its commit runs too (the
    worker's processing, eagerly), as when the request commits for real; with
    ``committed=False`` the notification is stored but not processed yet."""
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    extra.pop("HTTP_CONTENT_TYPE", None)
    url = reverse("payments:bank-webhook", kwargs={"provider": provider})
    if not committed:
        return client.post(url, data=body, content_type="application/json", **extra)
    with as_committed():
        return client.post(url, data=body, content_type="application/json", **extra)


def transfer(
    order,
    provider,
    *,
    amount=None,
    account=COLLECTION_ACCOUNT,
    memo=None,
    transaction_id=None,
):
    return notification_build(
        provider=provider,
        account_number=account,
        amount=300000 if amount is None else amount,
        memo=memo or f"MBVCB.3278907687.{order_code(order.number)}.CT tu NGUYEN VAN A",
        transaction_id=transaction_id,
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_full_amount_with_the_order_code_marks_the_order_paid_once(
    client, vietqr_order, provider
):
    body, headers = transfer(vietqr_order, provider)

    first = post(client, provider, body, headers)
    again = post(client, provider, body, headers)

    assert first.status_code == again.status_code == 200
    assert first.json()["success"] is True  # what SePay (and the others) expect
    order = Order.objects.get(pk=vietqr_order.pk)
    assert order.status == "Pending"  # moved on from "Pending payment"
    source = order.sources.get()
    assert source.amount_debited == 300000
    assert source.transactions.filter(txn_type="Debit").count() == 1
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    notification = BankNotification.objects.get()
    assert notification.status == BankNotification.Status.PAID
    assert notification.route == BankNotification.Route.ORDER
    assert notification.order == order
    assert json.loads(notification.raw_body)  # kept raw


def test_memo_code_is_found_in_any_case_anywhere(client, vietqr_order):
    memo = f"IBFT {order_code(vietqr_order.number).lower()} thanh toan"
    body, headers = transfer(vietqr_order, "sepay", memo=memo)
    assert post(client, "sepay", body, headers).status_code == 200
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending"


@pytest.mark.parametrize(
    ("amount", "account", "memo", "reason"),
    [
        (299999, COLLECTION_ACCOUNT, None, "underpaid"),
        (300001, COLLECTION_ACCOUNT, None, "overpaid"),
        (300000, COLLECTION_ACCOUNT, "chuyen tien mua che", "unknown_code"),
        (300000, COLLECTION_ACCOUNT, "OCOP999999", "unknown_code"),
        (300000, "1234567890", None, "wrong_account"),
    ],
)
def test_mismatches_go_to_review_and_never_mark_paid(
    client, vietqr_order, amount, account, memo, reason
):
    body, headers = transfer(
        vietqr_order, "casso", amount=amount, account=account, memo=memo
    )

    response = post(client, "casso", body, headers)

    assert response.status_code == 200  # stored: the provider must not retry
    order = Order.objects.get(pk=vietqr_order.pk)
    assert order.status == "Pending payment"
    assert order.sources.get().amount_debited == 0
    notification = BankNotification.objects.get()
    assert notification.status == BankNotification.Status.REVIEW
    assert notification.reason == reason
    assert not PayoutLedgerEntry.objects.exists()


def test_a_second_transfer_for_a_paid_order_goes_to_review(client, vietqr_order):
    for provider in ("sepay", "payos"):
        body, headers = transfer(vietqr_order, provider)
        post(client, provider, body, headers)
    second = BankNotification.objects.get(provider="payos")
    assert second.status == BankNotification.Status.REVIEW
    assert second.reason == "not_awaiting"
    assert Order.objects.get(pk=vietqr_order.pk).sources.get().amount_debited == 300000


@pytest.mark.parametrize("provider", PROVIDERS)
def test_forged_signature_is_refused_without_a_trace(
    client, vietqr_order, provider, settings
):
    body, headers = transfer(vietqr_order, provider)
    # Signed with another key: what an attacker who guessed the format would send.
    settings.PAYOS_CHECKSUM_KEY = settings.CASSO_CHECKSUM_KEY = "attacker"
    settings.SEPAY_API_KEY = "attacker"
    forged_body, forged_headers = transfer(vietqr_order, provider)
    settings.PAYOS_CHECKSUM_KEY = "test-payos-checksum-key"
    settings.CASSO_CHECKSUM_KEY = "test-casso-checksum-key"
    settings.SEPAY_API_KEY = "test-sepay-key"

    response = post(client, provider, forged_body, forged_headers)

    assert response.status_code == 401
    assert not BankNotification.objects.exists()
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"


# SePay's API-key scheme does not sign the body, so only payOS and Casso can tell.
@pytest.mark.parametrize("provider", ["payos", "casso"])
def test_tampered_amount_is_refused(client, vietqr_order, provider):
    body, headers = transfer(vietqr_order, provider, amount=1234)
    tampered = body.replace(b"1234", b"300000")
    assert post(client, provider, tampered, headers).status_code == 401
    assert not BankNotification.objects.exists()


def test_stale_casso_signature_is_refused(client, vietqr_order):
    body, headers = transfer(vietqr_order, "casso")
    old = int((time.time() - 3600) * 1000)
    headers[casso.HEADER] = casso.sign(json.loads(body), timestamp_ms=old)
    response = post(client, "casso", body, headers)
    assert response.status_code == 401
    assert not BankNotification.objects.exists()


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        ("sepay", b"not json"),
        ("sepay", b'{"id": 1}'),
        ("payos", b"{}"),
        ("payos", b"[1, 2"),
    ],
)
def test_malformed_delivery_is_answered_400(client, provider, body):
    headers = {"Authorization": "Apikey test-sepay-key"} if provider == "sepay" else {}
    response = post(client, provider, body, headers)
    assert response.status_code == 400
    assert not BankNotification.objects.exists()


def test_malformed_but_signed_casso_delivery_is_answered_400(client):
    document = {"error": 0, "data": {"description": "no id or amount"}}
    body = json.dumps(document).encode()
    headers = {casso.HEADER: casso.sign(document, timestamp_ms=int(time.time() * 1000))}
    assert post(client, "casso", body, headers).status_code == 400


def test_provider_not_switched_on_is_not_found(client, settings, vietqr_order):
    settings.BANK_NOTIFICATION_PROVIDERS = ["sepay"]
    body, headers = transfer(vietqr_order, "casso")
    assert post(client, "casso", body, headers).status_code == 404


def test_outgoing_transfers_are_kept_but_ignored(client, vietqr_order):
    body, headers = transfer(vietqr_order, "sepay")
    document = json.loads(body)
    document["transferType"] = "out"
    post(client, "sepay", json.dumps(document).encode(), headers)
    assert BankNotification.objects.get().status == "ignored"
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"


def test_staff_see_mismatches_in_the_review_queue(django_app, vietqr_order):
    from tests.factories import UserFactory

    body, headers = transfer(vietqr_order, "sepay", amount=100000)
    with as_committed():
        django_app.post(
            reverse("payments:bank-webhook", kwargs={"provider": "sepay"}),
            params=body,
            headers=headers,
            content_type="application/json",
        )
    staff = UserFactory(is_staff=True)
    page = django_app.get(reverse("payments:review-queue"), user=staff)
    assert vietqr_order.number in page.text
    assert "100.000\xa0₫" in page.text
    notification = BankNotification.objects.get()
    page.forms[f"review-{notification.pk}"].submit(
        name="action", value="resolve", user=staff
    )
    notification.refresh_from_db()
    assert notification.status == "resolved"
    # Anyone else logged in (a seller) is refused.
    refused = django_app.get(
        reverse("payments:review-queue"), user=UserFactory(), expect_errors=True
    )
    assert refused.status_code == 403
