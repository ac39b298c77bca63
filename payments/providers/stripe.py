"""Stripe cards: PaymentIntents in VND and the signed webhook that confirms them.

VND is a zero-decimal currency for Stripe: ``amount`` is whole đồng as is. Card data
goes from the buyer's browser to Stripe (Stripe.js); our server sees only ids.
"""

import json

import stripe
from django.conf import settings

CODE = "stripe"
REQUIRED_SETTINGS = (
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
)
TOLERANCE_SECONDS = 300


def _configure() -> None:
    stripe.api_key = settings.STRIPE_SECRET_KEY
    # localstripe in tests and the demo; Stripe's own API otherwise.
    stripe.api_base = settings.STRIPE_API_BASE or "https://api.stripe.com"


def payment_intent_create(*, order_number: str, amount: int) -> stripe.PaymentIntent:
    """A PaymentIntent for ``amount`` đồng, tagged with the order number."""
    _configure()
    return stripe.PaymentIntent.create(
        amount=amount,
        currency="vnd",
        payment_method_types=["card"],
        metadata={"order_number": order_number},
        # Stripe ignores a repeat with the same key: a retried checkout makes one.
        idempotency_key=f"order-{order_number}",
    )


def payment_intent_retrieve(*, payment_intent_id: str) -> stripe.PaymentIntent:
    """The PaymentIntent as Stripe has it now."""
    _configure()
    return stripe.PaymentIntent.retrieve(payment_intent_id)


def refund_create(
    *, payment_intent_id: str, amount: int, idempotency_key: str | None = None
) -> stripe.Refund:
    """Refund ``amount`` đồng of a paid PaymentIntent; Stripe answers a repeat of
    ``idempotency_key`` with the first refund instead of making a second."""
    _configure()
    options = {"idempotency_key": idempotency_key} if idempotency_key else {}
    return stripe.Refund.create(
        payment_intent=payment_intent_id, amount=amount, **options
    )


def event_construct(*, body: bytes, signature: str) -> dict:
    """The verified event as plain dicts (the library's objects refuse dict access).

    Raises ``stripe.SignatureVerificationError`` (forged or stale) or ``ValueError``
    (unreadable, or signed but not the shape of an event: an ``id`` and a ``type``,
    a ``data.object``, an integer ``created``).
    """
    payload = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    stripe.WebhookSignature.verify_header(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=TOLERANCE_SECONDS
    )
    document = json.loads(payload)
    data = document.get("data") if isinstance(document, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise ValueError("not an event: no data.object")
    for key in ("id", "type"):
        value = document.get(key)
        if not isinstance(value, str) or not 0 < len(value) <= 64 or "\x00" in value:
            raise ValueError(f"not an event: bad {key!r}")
    created = document.get("created", 0)
    if type(created) is not int or not 0 <= created < 2**63:
        raise ValueError("not an event: bad 'created'")
    return document
