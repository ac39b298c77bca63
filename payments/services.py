"""Writes of the payments app, by concern; every public name is importable here.

- ``payments.notifications``: bank notifications received (verified, stored) and
  resolved by hand;
- ``payments.notification_processing``: stored bank notifications applied once, by
  the worker, the retry sweep or staff;
- ``payments.order_payments``: confirming an order's payment, expiring unpaid
  orders, late transfers;
- ``payments.stripe_events``: Stripe webhook events;
- ``payments.refunds``: refunds through Stripe or recorded by hand;
- ``payments.ledger``: the seller payout ledger;
- cash on delivery is recorded by ``shop.partner.services.order_cash_received_record``
  (a seller's delivered part, or staff for what is left).

Amounts are whole đồng (int) throughout.
"""

from payments.ledger import (
    commission_rate,
    ledger_order_credit,
    ledger_payout_record,
    ledger_refund_debit,
)
from payments.notification_processing import (
    bank_notification_process,
    bank_notifications_retry,
)
from payments.notifications import (
    MAX_TRANSFER_AMOUNT,
    bank_notification_receive,
    bank_notification_resolve,
    bank_notification_store,
)
from payments.order_payments import (
    CANCELLED,
    PAID_EVENT,
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
    "commission_rate",
    "ledger_order_credit",
    "ledger_payout_record",
    "ledger_refund_debit",
    "order_payment_confirm",
    "order_refund",
    "order_refund_record",
    "order_transfer_apply",
    "orders_expire",
    "stripe_event_receive",
]
