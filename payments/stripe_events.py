"""Stripe webhook events: verified, kept once per event id, applied once."""

import logging

import stripe
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from payments import methods, selectors
from payments.gateway import WebhookAnswer
from payments.models import StripeEvent
from payments.order_payments import order_payment_confirm
from payments.providers import stripe as stripe_provider
from payments.refunds import refund_order_update, refund_record

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
EventHandler = get_class("order.processing", "EventHandler")


def stripe_event_receive(*, body: bytes, signature: str) -> WebhookAnswer:
    """Verify a Stripe webhook delivery and apply it once (deduplicated on event id).

    Events may arrive in any order: a failure after success changes nothing, and a
    refund is applied as the difference between what Stripe says was refunded and
    what is already recorded.
    """
    try:
        document = stripe_provider.event_construct(body=body, signature=signature)
    except stripe.SignatureVerificationError as error:
        logger.warning("Refused Stripe event: %s", error)
        return WebhookAnswer(status=401, body={"error": "bad signature"})
    except ValueError as error:
        return WebhookAnswer(status=400, body={"error": f"unreadable body: {error}"})
    obj = document["data"]["object"]
    is_charge = obj.get("object") == "charge"
    intent_id = obj.get("payment_intent") if is_charge else obj.get("id")
    if not isinstance(intent_id, str) or len(intent_id) > 64 or "\x00" in intent_id:
        intent_id = None  # not a PaymentIntent of ours: kept, applied to nothing
    try:
        with transaction.atomic():
            StripeEvent.objects.create(
                event_id=document["id"],
                event_type=document["type"],
                payment_intent_id=intent_id or "",
                created=document.get("created", 0),
                raw_body=body.decode("utf-8", errors="replace"),
            )
            _stripe_event_apply(
                event_type=document["type"], obj=obj, intent_id=intent_id
            )
    except IntegrityError:
        return WebhookAnswer(status=200, body={"received": True, "duplicate": True})
    return WebhookAnswer(status=200, body={"received": True})


def _stripe_event_apply(*, event_type: str, obj, intent_id: str | None) -> None:
    if not intent_id:
        return
    source = (
        Source._default_manager.select_related("order")
        .filter(source_type__code=methods.StripeCard.code, reference=intent_id)
        .first()
    )
    if source is None:
        logger.warning("Stripe %s for unknown PaymentIntent %s", event_type, intent_id)
        return
    order = Order._default_manager.select_for_update().get(pk=source.order_id)
    source = Source._default_manager.select_for_update().get(pk=source.pk)
    handler = EventHandler()
    if event_type == "payment_intent.succeeded":
        if source.amount_debited > 0:
            return
        amount = int(obj.get("amount_received") or obj.get("amount"))
        order_payment_confirm(
            order=order, source=source, amount=amount, reference=intent_id
        )
    elif event_type == "payment_intent.payment_failed":
        if source.amount_debited > 0:
            return  # a late failure of an earlier attempt: the order is paid
        error = obj.get("last_payment_error") or {}
        handler.create_note(
            order,
            _("Card payment failed: %(message)s")
            % {"message": error.get("message", "")},
        )
    elif event_type == "charge.refunded":
        refunded = int(obj.get("amount_refunded") or 0)
        missing = refunded - int(source.amount_refunded)
        if missing > 0:
            # Made in Stripe's dashboard: the lines are unknown, unless it is all
            # that was left, which is then each line's rest (no seller twice).
            lines = None
            if missing == int(source.amount_debited - source.amount_refunded):
                lines = {
                    item.line: item.quantity_left
                    for item in selectors.order_refundable(order=order).lines
                    if item.quantity_left > 0
                }
            refund_record(
                order=order, source=source, amount=missing, reference="", lines=lines
            )
            refund_order_update(
                order=order, source=source, amount=missing, user="Stripe"
            )
