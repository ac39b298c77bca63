"""Each provider's documented meaning, checked on its published webhook example.

The examples are the ones payOS, Casso (webhook v2) and SePay publish in their
developer documentation, with only the receiving account, the amount and the memo
changed to one of our orders (and payOS's signature made with the test key, as
payOS signs ``data``). Only a successful incoming transfer pays; an authentic
delivery with a field of the wrong type or a missing transaction id is a 400 with
nothing stored. Before any of that, the body must be JSON of a bounded size.
"""

import copy
import json
import time

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from payments.methods import order_code
from payments.models import BankNotification
from payments.providers import casso, payos, sepay
from tests.payments.conftest import COLLECTION_ACCOUNT
from tests.payments.test_bank_webhooks import post

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

# payOS, "Webhook" in its API documentation (payos.vn/docs).
PAYOS_EXAMPLE = {
    "code": "00",
    "desc": "success",
    "success": True,
    "data": {
        "orderCode": 123,
        "amount": 3000,
        "description": "VQRIO123",
        "accountNumber": "12345678",
        "reference": "TF230204212323",
        "transactionDateTime": "2023-02-04 18:25:00",
        "currency": "VND",
        "paymentLinkId": "124c33293c43417ab7879e14c8d9eb18",
        "code": "00",
        "desc": "Thành công",
        "counterAccountBankId": "",
        "counterAccountBankName": "",
        "counterAccountName": "",
        "counterAccountNumber": "",
        "virtualAccountName": "",
        "virtualAccountNumber": "",
    },
    "signature": "8d8640d802576397a1ce45ebda7f835055768ac7ad2e0bfb77f9b8f12cca4c7f",
}

# Casso webhook v2, "Cấu trúc dữ liệu gửi qua Webhook" (developer.casso.vn).
CASSO_EXAMPLE = {
    "error": 0,
    "data": {
        "id": 0,
        "reference": "MA_GIAO_DICH_THU_NGHIEM",
        "description": "giao dich thu nghiem",
        "amount": 599000,
        "runningBalance": 25000000,
        "transactionDateTime": "2025-02-12 15:14:48",
        "accountNumber": "88888888",
        "bankName": "VPBank",
        "bankAbbreviation": "VPB",
        "virtualAccountNumber": "",
        "virtualAccountName": "",
        "counterAccountName": "",
        "counterAccountNumber": "",
        "counterAccountBankId": "",
        "counterAccountBankName": "",
    },
}

# SePay, "Tích hợp WebHooks" (docs.sepay.vn).
SEPAY_EXAMPLE = {
    "id": 92704,
    "gateway": "Vietcombank",
    "transactionDate": "2023-03-25 14:02:37",
    "accountNumber": "0123499999",
    "code": None,
    "content": "chuyen tien mua iphone",
    "transferType": "in",
    "transferAmount": 2277000,
    "accumulated": 19077000,
    "subAccount": None,
    "referenceCode": "MBVCB.3278907687",
    "description": "",
}


def for_order(provider, order, *, data_changes=None, envelope_changes=None):
    """The provider's published example made out to ``order``; (body, headers)."""
    memo = f"MBVCB.3278907687.{order_code(order.number)}.CT tu NGUYEN VAN A"
    if provider == "payos":
        document = copy.deepcopy(PAYOS_EXAMPLE)
        document["data"].update(
            accountNumber=COLLECTION_ACCOUNT, amount=300000, description=memo
        )
        document["data"].update(data_changes or {})
        document["signature"] = payos._client().crypto.create_signature_from_object(
            document["data"], "test-payos-checksum-key"
        )
        document.update(envelope_changes or {})
        return json.dumps(document, ensure_ascii=False).encode(), {}
    if provider == "casso":
        document = copy.deepcopy(CASSO_EXAMPLE)
        document["data"].update(
            id=4711, accountNumber=COLLECTION_ACCOUNT, amount=300000, description=memo
        )
        document["data"].update(data_changes or {})
        document.update(envelope_changes or {})
        header = casso.sign(document, timestamp_ms=int(time.time() * 1000))
        return json.dumps(document, ensure_ascii=False).encode(), {casso.HEADER: header}
    document = copy.deepcopy(SEPAY_EXAMPLE)
    document.update(
        accountNumber=COLLECTION_ACCOUNT, transferAmount=300000, content=memo
    )
    document.update(data_changes or {})
    return json.dumps(document, ensure_ascii=False).encode(), {
        "Authorization": sepay.authorization()
    }


@pytest.mark.parametrize("provider", ["payos", "casso", "sepay"])
def test_the_published_example_pays_the_order(client, vietqr_order, provider):
    body, headers = for_order(provider, vietqr_order)

    response = post(client, provider, body, headers)

    assert response.status_code == 200, response.content
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending"
    assert BankNotification.objects.get().status == "paid"


@pytest.mark.parametrize(
    ("data_changes", "envelope_changes"),
    [
        ({}, {"code": "01", "desc": "failed", "success": False}),
        ({}, {"success": False}),
        ({"code": "01", "desc": "Giao dịch thất bại"}, {}),
    ],
)
def test_an_unsuccessful_payos_payment_never_pays(
    client, vietqr_order, data_changes, envelope_changes
):
    body, headers = for_order(
        "payos",
        vietqr_order,
        data_changes=data_changes,
        envelope_changes=envelope_changes,
    )

    response = post(client, "payos", body, headers)

    assert response.status_code == 200  # understood: payOS need not deliver again
    order = Order.objects.get(pk=vietqr_order.pk)
    assert order.status == "Pending payment"
    assert order.sources.get().amount_debited == 0
    notification = BankNotification.objects.get()  # kept for the record
    assert notification.status == "ignored"
    assert "01" in notification.error or "False" in notification.error


def test_a_casso_error_envelope_never_pays(client, vietqr_order):
    body, headers = for_order("casso", vietqr_order, envelope_changes={"error": 1})
    assert post(client, "casso", body, headers).status_code == 200
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"
    assert BankNotification.objects.get().status == "ignored"


@pytest.mark.parametrize(
    ("provider", "field", "value"),
    [
        ("casso", "id", None),
        ("casso", "accountNumber", {"number": "0011009999999"}),
        ("casso", "amount", "300000"),
        ("casso", "amount", 300000.5),
        ("casso", "description", ["OCOP"]),
        ("sepay", "accountNumber", {"number": "0011009999999"}),
        ("sepay", "id", None),
        ("sepay", "id", True),
        ("sepay", "transferAmount", "300000"),
        ("sepay", "transferType", None),
        ("sepay", "content", {"memo": "x"}),
        ("payos", "accountNumber", {"number": "0011009999999"}),
        ("payos", "amount", "lots"),
    ],
)
def test_a_missing_id_or_a_field_of_the_wrong_type_is_400_with_nothing_stored(
    client, vietqr_order, provider, field, value
):
    body, headers = for_order(provider, vietqr_order, data_changes={field: value})

    response = post(client, provider, body, headers)

    assert response.status_code == 400, response.content
    assert response.json()["success"] is False
    assert not BankNotification.objects.exists()
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"


# --- Content type and size, before anything else ------------------------------------


def raw_post(client, provider, body, headers, content_type):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return client.post(
        reverse("payments:bank-webhook", kwargs={"provider": provider}),
        data=body,
        content_type=content_type,
        **extra,
    )


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/jsonp"],
)
def test_a_body_that_is_not_declared_json_is_415(client, vietqr_order, content_type):
    body, headers = for_order("sepay", vietqr_order)

    response = raw_post(client, "sepay", body, headers, content_type)

    assert response.status_code == 415
    assert not BankNotification.objects.exists()
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"


def test_json_with_a_charset_is_accepted(client, vietqr_order):
    body, headers = for_order("sepay", vietqr_order)
    response = raw_post(
        client, "sepay", body, headers, "Application/JSON; charset=utf-8"
    )
    assert response.status_code == 200


def test_a_body_over_the_limit_is_413_before_the_signature_is_checked(
    client, vietqr_order, settings
):
    body, headers = for_order("sepay", vietqr_order)
    padded = body + b" " * (settings.BANK_WEBHOOK_MAX_BYTES - len(body) + 1)
    assert len(padded) == settings.BANK_WEBHOOK_MAX_BYTES + 1

    authentic = raw_post(client, "sepay", padded, headers, "application/json")
    forged = raw_post(
        client, "sepay", padded, {"Authorization": "Apikey wrong"}, "application/json"
    )

    assert authentic.status_code == forged.status_code == 413
    assert not BankNotification.objects.exists()
    assert Order.objects.get(pk=vietqr_order.pk).status == "Pending payment"

    at_the_limit = padded[:-1]
    assert (
        raw_post(client, "sepay", at_the_limit, headers, "application/json").status_code
        == 200
    )
