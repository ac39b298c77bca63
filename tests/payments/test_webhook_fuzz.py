"""Webhooks under arbitrary input (hypothesis): never a 500, never a change of data.

Two kinds of delivery: anything at all (bodies, headers), which must be refused
(400/401/415) without a trace; and authentic deliveries (correctly signed or keyed)
whose content is garbage of every JSON shape, which must be answered 400, or, when
usable, stored raw for review, still without touching orders, payments or the ledger.
"""

import json
import time

import pytest
import stripe
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from payments.models import BankNotification, PayoutLedgerEntry, StripeEvent
from payments.providers import casso, payos, sepay
from tests.payments.conftest import as_committed
from tests.payments.localstripe import WEBHOOK_SECRET

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")
PaymentEvent = get_model("order", "PaymentEvent")

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BANK_PROVIDERS = ["payos", "casso", "sepay"]
HEADER_NAMES = ["Authorization", casso.HEADER, "Stripe-Signature", "X-Anything"]

# Any JSON document, including numbers Python reads as infinity and huge integers.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.text(min_size=65, max_size=600),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)


# Values a field may plausibly hold, and the edges of what the database can store.
field_values = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(alphabet="0123456789", min_size=1, max_size=24),
    st.text(max_size=20),
    st.text(min_size=65, max_size=300),
    st.sampled_from([float("inf"), -1, 0, 1.5, "", "\x00", "OCOP100001", None]),
    json_values,
)


def _with_fields(names):
    """Objects carrying a format's own field names (all or some), with any values."""
    return (
        st.fixed_dictionaries(dict.fromkeys(names, field_values))
        | st.fixed_dictionaries({}, optional=dict.fromkeys(names, field_values))
        | st.dictionaries(st.text(max_size=12), json_values, max_size=4)
    )


SEPAY_FIELDS = ["id", "accountNumber", "transferAmount", "content", "code"]
SEPAY_FIELDS += ["transactionDate", "transferType", "gateway", "referenceCode"]
CASSO_FIELDS = ["id", "accountNumber", "amount", "description"]
CASSO_FIELDS += ["transactionDateTime", "reference"]
PAYOS_FIELDS = ["orderCode", "amount", "description", "accountNumber"]
PAYOS_FIELDS += ["reference", "transactionDateTime", "currency", "paymentLinkId"]
PAYOS_FIELDS += ["code", "desc"]
STRIPE_OBJECT_FIELDS = ["id", "object", "payment_intent", "amount", "amount_received"]
STRIPE_OBJECT_FIELDS += ["amount_refunded", "last_payment_error"]


def data_snapshot():
    """What a delivery must never change, raw notification storage aside."""
    return {
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status")),
        "debited": Source.objects.aggregate(s=Sum("amount_debited"))["s"],
        "transactions": Transaction.objects.count(),
        "payment_events": PaymentEvent.objects.count(),
        "ledger": PayoutLedgerEntry.objects.count(),
    }


def stored_count():
    return BankNotification.objects.count() + StripeEvent.objects.count()


def deliver(client, url, body, headers):
    """Post, then run what follows the commit (a bank notification's processing)."""
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    with as_committed():
        return client.post(url, data=body, content_type="application/json", **extra)


def bank_url(provider):
    return reverse("payments:bank-webhook", kwargs={"provider": provider})


@pytest.fixture
def shop_with_an_order(vietqr_order, settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return vietqr_order


@pytest.mark.parametrize("endpoint", [*BANK_PROVIDERS, "stripe"])
@fuzz
@given(
    body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
    headers=st.dictionaries(
        st.sampled_from(HEADER_NAMES), st.text(max_size=80), max_size=3
    ),
)
def test_anything_unsigned_is_refused_without_a_trace(
    client, shop_with_an_order, endpoint, body, headers
):
    url = (
        reverse("payments:stripe-webhook")
        if endpoint == "stripe"
        else bank_url(endpoint)
    )
    before, stored = data_snapshot(), stored_count()

    response = deliver(client, url, body, headers)

    # 415: an empty body carries no Content-Type (bank webhooks take only JSON).
    assert response.status_code in (400, 401, 415), response.content
    assert data_snapshot() == before
    assert stored_count() == stored


def _signed_sepay(document):
    return json.dumps(document).encode(), {"Authorization": sepay.authorization()}


def _signed_casso(document):
    timestamp_ms = int(time.time() * 1000)
    return json.dumps(document).encode(), {
        casso.HEADER: casso.sign(document, timestamp_ms=timestamp_ms)
    }


def _signed_payos(data):
    try:
        signature = payos._client().crypto.create_signature_from_object(
            data, payos.settings.PAYOS_CHECKSUM_KEY
        )
    except Exception:
        reject()  # not even payOS could sign that
    document = {"code": "00", "desc": "success", "data": data, "signature": signature}
    return json.dumps(document).encode(), {}


def _signed_stripe(document):
    body = json.dumps(document)
    timestamp = int(time.time())
    signature = stripe.WebhookSignature._compute_signature(
        f"{timestamp}.{body}", WEBHOOK_SECRET
    )
    return body.encode(), {"Stripe-Signature": f"t={timestamp},v1={signature}"}


SIGNED = {
    "sepay": (_signed_sepay, _with_fields(SEPAY_FIELDS) | json_values),
    "casso": (
        _signed_casso,
        st.fixed_dictionaries(
            {"error": json_values, "data": _with_fields(CASSO_FIELDS)}
        )
        | json_values,
    ),
    "payos": (_signed_payos, _with_fields(PAYOS_FIELDS)),
    "stripe": (
        _signed_stripe,
        st.fixed_dictionaries(
            {},
            optional={
                "id": json_values,
                "type": st.sampled_from(
                    [
                        "payment_intent.succeeded",
                        "payment_intent.payment_failed",
                        "charge.refunded",
                    ]
                )
                | json_values,
                "created": json_values,
                "data": st.fixed_dictionaries(
                    {}, optional={"object": _with_fields(STRIPE_OBJECT_FIELDS)}
                )
                | json_values,
            },
        )
        | json_values,
    ),
}


@pytest.mark.parametrize("endpoint", list(SIGNED))
@fuzz
@given(data=st.data())
def test_authentic_garbage_is_answered_400_or_kept_for_review(
    client, shop_with_an_order, endpoint, data
):
    sign, documents = SIGNED[endpoint]
    body, headers = sign(data.draw(documents))
    url = (
        reverse("payments:stripe-webhook")
        if endpoint == "stripe"
        else bank_url(endpoint)
    )
    before, stored = data_snapshot(), stored_count()

    response = deliver(client, url, body, headers)

    assert response.status_code in (200, 400), response.content
    assert data_snapshot() == before
    if response.status_code == 400:
        assert stored_count() == stored
        assert response.json()  # says why


GOOD_SEPAY = {"id": "T1", "accountNumber": "0011009999999", "transferAmount": 300000}


@pytest.mark.parametrize(
    ("provider", "field", "value"),
    [
        ("sepay", "transferAmount", float("inf")),
        ("sepay", "transferAmount", 10**19),
        ("sepay", "transferAmount", -300000),
        ("sepay", "id", "T" * 65),
        ("sepay", "accountNumber", "0011\x009999999"),
        ("casso", "amount", float("-inf")),
        ("casso", "id", ""),
    ],
)
def test_authentic_but_unstorable_fields_are_answered_400(
    client, shop_with_an_order, provider, field, value
):
    document = {**GOOD_SEPAY, "amount": 300000, field: value}
    if provider == "casso":
        document = {"error": 0, "data": document}
    body, headers = SIGNED[provider][0](document)

    response = deliver(client, bank_url(provider), body, headers)

    assert response.status_code == 400, response.content
    assert response.json()["success"] is False
    assert not BankNotification.objects.exists()


def test_a_signed_stripe_document_that_is_no_event_is_answered_400(
    client, shop_with_an_order
):
    for document in (None, [], {"id": "evt_1", "type": "x"}, {"data": {"object": 1}}):
        body, headers = _signed_stripe(document)
        response = deliver(client, reverse("payments:stripe-webhook"), body, headers)
        assert response.status_code == 400, (document, response.content)
    assert not StripeEvent.objects.exists()
