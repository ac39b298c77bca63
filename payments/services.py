"""Writes of the payments app, by concern; every public name is importable here.

- ``payments.notifications``: bank notifications received, stored, processed and
  retried;
- ``payments.order_payments``: confirming an order's payment, expiring unpaid
  orders, late transfers;
- ``payments.stripe_events``: Stripe webhook events;
- ``payments.refunds``: refunds through Stripe or recorded by hand;
- ``payments.ledger``: the seller payout ledger;
- cash on delivery, below.

Amounts are whole đồng (int) throughout.
"""

from django.db import transaction
from oscar.core.loading import get_model

from payments import methods
from payments.ledger import (
    commission_rate,
    ledger_order_credit,
    ledger_payout_record,
    ledger_refund_debit,
)
from payments.notifications import (
    MAX_TRANSFER_AMOUNT,
    bank_notification_process,
    bank_notification_receive,
    bank_notification_resolve,
    bank_notification_store,
    bank_notifications_retry,
)
from payments.order_payments import (
    CANCELLED,
    PAID_EVENT,
    buyer_language,
    order_payment_confirm,
    order_transfer_apply,
    orders_expire,
)
from payments.refunds import REFUNDED_EVENT, order_refund, order_refund_record
from payments.stripe_events import stripe_event_receive

__all__ = [
    "CANCELLED",
    "MAX_TRANSFER_AMOUNT",
    "PAID_EVENT",
    "REFUNDED_EVENT",
    "bank_notification_process",
    "bank_notification_receive",
    "bank_notification_resolve",
    "bank_notification_store",
    "bank_notifications_retry",
    "buyer_language",
    "commission_rate",
    "ledger_order_credit",
    "ledger_payout_record",
    "ledger_refund_debit",
    "order_cash_received",
    "order_payment_confirm",
    "order_refund",
    "order_refund_record",
    "order_transfer_apply",
    "orders_expire",
    "stripe_event_receive",
]

Order = get_model("order", "Order")


# --- Cash on delivery -----------------------------------------------------------


def order_cash_received(*, order, user=None) -> None:
    """Cash on delivery arrived: record it and credit the sellers."""
    with transaction.atomic():
        order = Order._default_manager.select_for_update().get(pk=order.pk)
        source = order.sources.select_for_update().get(
            source_type__code=methods.CashOnDelivery.source_type_code
        )
        if source.amount_debited > 0:
            return
        order_payment_confirm(
            order=order,
            source=source,
            amount=methods.order_amount(order),
            reference=f"cash:{order.number}",
        )
