"""Reads of the payments app: an order's payment state, review queue, ledger, totals."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from payments import methods, registry
from payments.gateway import PaymentStart
from payments.models import BankNotification, PayoutLedgerEntry

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Partner = get_model("partner", "Partner")

PAID = "paid"
#: Oscar payment event type of every refund, by Stripe or by hand.
REFUNDED_EVENT = "Refunded"
PENDING = "pending"
CANCELLED = "cancelled"
ON_DELIVERY = "on_delivery"

_SOURCE_TO_METHOD = {
    methods.source_type_code(method()): code
    for code, method in registry.METHODS.items()
}


def order_source(*, order):
    """The order's payment source (one per order here), or None; from the sources
    read with the order (``prefetch_related("sources__source_type")``) when they
    were."""
    prefetched = getattr(order, "_prefetched_objects_cache", {}).get("sources")
    if prefetched is not None:
        return min(prefetched, key=lambda source: source.pk, default=None)
    return order.sources.select_related("source_type").first()


def order_method(*, order) -> methods.PaymentMethod | None:
    """The payment method the order was placed with."""
    source = order_source(order=order)
    if source is None:
        return None
    code = _SOURCE_TO_METHOD.get(source.source_type.code)
    return registry.method_get(code) if code else None


def order_payment_status(*, order) -> str:
    """ "paid", "pending", "cancelled" or "on_delivery" (cash not yet collected)."""
    source = order_source(order=order)
    if source is not None and source.amount_debited >= order.total_incl_tax:
        return PAID
    if order.status == "Cancelled":
        return CANCELLED
    if order.status == methods.PENDING_PAYMENT:
        return PENDING
    return ON_DELIVERY


@dataclass(frozen=True, kw_only=True)
class OrderPaymentView:
    """Everything the confirmation page shows about paying an order."""

    status: str
    method_code: str
    method_name: str
    start: PaymentStart | None
    status_url: str
    qr_png_url: str


def order_payment_view(*, order) -> OrderPaymentView:
    """What the buyer sees about paying ``order`` on the confirmation page."""
    method = order_method(order=order)
    status = order_payment_status(order=order)
    token = order.verification_hash()
    start = None
    if method is not None and status == PENDING:
        source = order_source(order=order)
        try:
            start = method.instructions(order=order, reference=source.reference)
        except Exception:
            # Stripe unreachable: the page still shows the order and polls status.
            logger.exception("Payment instructions for order %s failed", order.number)
    return OrderPaymentView(
        status=status,
        method_code=method.code if method else "",
        method_name=str(method.name) if method else "",
        start=start,
        status_url=reverse("payments:order-status", kwargs={"token": token}),
        qr_png_url=reverse("payments:order-qr", kwargs={"token": token}),
    )


def order_by_token(*, token: str):
    """The order whose Oscar verification hash is ``token``, or None."""
    number = token.split(":", 1)[0]
    order = Order._default_manager.filter(number=number).first()
    if order is None or not order.check_verification_hash(token):
        return None
    return order


def review_queue():
    """Notifications a person must look at: wrong amount, no order, failed."""
    return BankNotification.objects.filter(
        status__in=(BankNotification.Status.REVIEW, BankNotification.Status.FAILED)
    ).select_related("order")


def ledger_balances():
    """Each seller with ledger entries and its balance (what it is owed), in đồng."""
    return (
        Partner._default_manager.annotate(
            balance=Sum("ledger_entries__amount"),
            entries=Count("ledger_entries"),
        )
        .filter(entries__gt=0)
        .order_by("name")
    )


def ledger_entries(*, partner=None):
    """Ledger entries, newest first, for one seller or all."""
    entries = PayoutLedgerEntry.objects.select_related("partner", "line__order")
    return entries.filter(partner=partner) if partner is not None else entries


def partner_balance(*, partner) -> int:
    """What the marketplace owes ``partner`` now, in đồng."""
    return (
        PayoutLedgerEntry.objects.filter(partner=partner).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )


@dataclass(frozen=True, kw_only=True)
class DailyReconciliation:
    """One day's money: what was paid per method and how notifications were used."""

    day: date
    paid_by_method: dict
    paid_total: int
    notifications: int
    notifications_paid: int
    notifications_review: int
    notifications_other: int
    notified_amount: int
    notified_amount_paid: int
    ledger_gross: int
    ledger_commission: int
    ledger_credit: int


def daily_reconciliation(*, day: date) -> DailyReconciliation:
    """Totals for ``day`` (site time zone) that must add up:
    notifications = paid + review + other, ledger gross = commission + credit."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    debits = (
        get_model("payment", "Transaction")
        ._default_manager.filter(txn_type="Debit", date_created__gte=start)
        .filter(date_created__lt=end)
        .values("source__source_type__code")
        .annotate(total=Sum("amount"))
    )
    paid_by_method = {
        _SOURCE_TO_METHOD.get(row["source__source_type__code"], "?"): int(row["total"])
        for row in debits
    }
    notes = BankNotification.objects.filter(received_at__gte=start, received_at__lt=end)
    counts = notes.aggregate(
        total=Count("id"),
        paid=Count("id", filter=Q(status=BankNotification.Status.PAID)),
        review=Count("id", filter=Q(status=BankNotification.Status.REVIEW)),
        amount_total=Sum("amount"),
        amount_paid=Sum("amount", filter=Q(status=BankNotification.Status.PAID)),
    )
    ledger = PayoutLedgerEntry.objects.filter(
        kind=PayoutLedgerEntry.Kind.SALE, created_at__gte=start, created_at__lt=end
    ).aggregate(gross=Sum("gross"), commission=Sum("commission"), credit=Sum("amount"))
    return DailyReconciliation(
        day=day,
        paid_by_method=paid_by_method,
        paid_total=sum(paid_by_method.values()),
        notifications=counts["total"],
        notifications_paid=counts["paid"],
        notifications_review=counts["review"],
        notifications_other=counts["total"] - counts["paid"] - counts["review"],
        notified_amount=counts["amount_total"] or 0,
        notified_amount_paid=counts["amount_paid"] or 0,
        ledger_gross=ledger["gross"] or 0,
        ledger_commission=ledger["commission"] or 0,
        ledger_credit=ledger["credit"] or 0,
    )


@dataclass(frozen=True, kw_only=True)
class RefundableLine:
    """One order line as far as refunds go."""

    line: object
    unit_amount: int
    quantity_refunded: int
    quantity_left: int


@dataclass(frozen=True, kw_only=True)
class OrderRefundable:
    """What can still be refunded on an order, and how.

    ``through`` is "stripe" (the money goes back through Stripe) or "manual" (staff
    send it back by hand and record it), or "" when nothing was paid.
    """

    through: str
    source: object
    paid: int
    refunded: int
    left: int
    lines: list[RefundableLine]


def order_refundable(*, order) -> OrderRefundable:
    """What was paid for ``order``, what was refunded, per line and in total."""
    PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
    source = (
        order.sources.select_related("source_type").filter(amount_debited__gt=0).first()
    )
    refunded_quantities = dict(
        PaymentEventQuantity._default_manager.filter(
            event__order=order, event__event_type__name=REFUNDED_EVENT
        )
        .values_list("line")
        .annotate(total=Sum("quantity"))
    )
    lines = []
    for line in order.lines.select_related("partner").order_by("pk"):
        refunded = min(refunded_quantities.get(line.pk, 0), line.quantity)
        lines.append(
            RefundableLine(
                line=line,
                unit_amount=int(line.unit_price_incl_tax),
                quantity_refunded=refunded,
                quantity_left=line.quantity - refunded,
            )
        )
    if source is None:
        return OrderRefundable(
            through="", source=None, paid=0, refunded=0, left=0, lines=lines
        )
    paid = int(source.amount_debited)
    refunded = int(source.amount_refunded)
    return OrderRefundable(
        through=(
            "stripe" if source.source_type.code == methods.StripeCard.code else "manual"
        ),
        source=source,
        paid=paid,
        refunded=refunded,
        left=paid - refunded,
        lines=lines,
    )
