"""Orders paid by bank transfer: confirming the payment, cancelling orders left
unpaid, and a transfer that arrives after its order was cancelled.

Amounts are whole đồng (int) throughout.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from payments import methods, registry
from payments.ledger import ledger_order_credit
from payments.models import BankNotification
from shop.checkout import buyer_mail
from shop.partner.exceptions import SoldOut

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("order.processing", "EventHandler")


PAID_EVENT = "Paid"
CANCELLED = "Cancelled"


def _review(notification: BankNotification, reason: str) -> None:
    notification.status = BankNotification.Status.REVIEW
    notification.reason = reason


def order_transfer_apply(notification: BankNotification) -> None:
    """Pay the order whose code is in the memo if the amount is exactly what is due;
    anything else goes to the review queue.

    Runs inside ``bank_notification_process``'s transaction; the order's row is
    locked here, so a payment and the expiry of the same order never interleave.
    """
    number = notification.order_number or methods.order_number_in_memo(
        notification.memo
    )
    order = (
        Order._default_manager.select_for_update().filter(number=number).first()
        if number
        else None
    )
    if order is None:
        _review(notification, BankNotification.Reason.UNKNOWN_CODE)
        return
    notification.order = order
    source = order.sources.filter(source_type__code=methods.VietQRTransfer.code).first()
    if (
        source is not None
        and order.status == CANCELLED
        and source.amount_debited == 0
        and source.amount_refunded == 0
    ):
        _late_transfer_apply(notification, order=order, source=source)
        return
    if (
        source is None
        or order.status != methods.PENDING_PAYMENT
        or source.amount_debited > 0
    ):
        _review(notification, BankNotification.Reason.NOT_AWAITING)
        return
    due = methods.order_amount(order)
    if notification.amount < due:
        _review(notification, BankNotification.Reason.UNDERPAID)
        return
    if notification.amount > due:
        _review(notification, BankNotification.Reason.OVERPAID)
        return
    order_payment_confirm(
        order=order,
        source=source,
        amount=due,
        reference=f"{notification.provider}:{notification.provider_transaction_id}",
    )
    notification.status = BankNotification.Status.PAID


def _late_transfer_apply(notification: BankNotification, *, order, source) -> None:
    """The order was cancelled unpaid (expired) before its transfer arrived: put it
    back and pay it if the amount is right and every line can have its stock again;
    otherwise the money goes to review and the buyer is told it will be returned."""
    due = methods.order_amount(order)
    if notification.amount == due and _order_reinstate(order):
        order_payment_confirm(
            order=order,
            source=source,
            amount=due,
            reference=f"{notification.provider}:{notification.provider_transaction_id}",
        )
        notification.status = BankNotification.Status.PAID
        return
    _review(notification, BankNotification.Reason.LATE)
    amount = notification.amount
    # Only once the review is committed: a rolled-back attempt tells nobody.
    transaction.on_commit(lambda: _late_transfer_email_send(order=order, amount=amount))


def _order_reinstate(order) -> bool:
    """Allocate every line's stock again and set the cancelled ``order`` back to
    *Pending payment*; False (and nothing changed) when a line cannot have it."""
    lines = list(order.lines.all())
    if not lines or any(
        line.status == CANCELLED or line.stockrecord_id is None for line in lines
    ):
        return False
    try:
        with transaction.atomic():
            # Locked in one order (by id), as the checkout does, so two
            # reinstatements cannot deadlock; allocate() checks free stock itself.
            records = {
                record.pk: record
                for record in StockRecord._default_manager.select_for_update()
                .filter(pk__in=[line.stockrecord_id for line in lines])
                .order_by("pk")
            }
            for line in lines:
                record = records.get(line.stockrecord_id)
                if record is None:
                    raise SoldOut(stockrecord=line.stockrecord, quantity=line.quantity)
                record.allocate(line.quantity)
                line.num_allocated = line.quantity
                line.allocation_cancelled = False
                line.save(update_fields=["num_allocated", "allocation_cancelled"])
    except SoldOut:
        return False
    # Oscar's pipeline has no way out of "Cancelled"; this is the one exception,
    # recorded as a status change and a note like any other.
    order.status_changes.create(
        old_status=order.status, new_status=methods.PENDING_PAYMENT
    )
    order.status = methods.PENDING_PAYMENT
    order.save(update_fields=["status"])
    EventHandler().create_note(
        order,
        _("Reinstated: the transfer arrived after the order had been cancelled."),
    )
    return True


def order_payment_confirm(*, order, source, amount: int, reference: str) -> None:
    """Record ``amount`` đồng received for ``order`` and move it on to fulfilment.

    The caller holds the order's row lock and has checked the order awaits payment.
    """
    source.debit(amount, reference=reference)
    event_type, _created = PaymentEventType._default_manager.get_or_create(
        name=PAID_EVENT
    )
    handler = EventHandler()
    lines = list(order.lines.select_related("partner"))
    handler.handle_payment_event(
        order,
        event_type,
        amount,
        lines=lines,
        line_quantities=[line.quantity for line in lines],
        reference=reference,
    )
    if order.status == methods.PENDING_PAYMENT:
        handler.handle_order_status_change(
            order,
            methods.AWAITING_FULFILMENT,
            note_msg=_("Payment of %(amount)s đồng received (%(reference)s).")
            % {"amount": amount, "reference": reference},
        )
    ledger_order_credit(order=order, lines=lines)
    # By the worker once the payment is committed; once per order whatever calls
    # this again.
    buyer_mail.order_mail_queue(
        order=order, code=buyer_mail.ORDER_PAID, once=True, amount=amount
    )


def orders_expire(*, now: datetime | None = None) -> list[str]:
    """Cancel orders still unpaid after PAYMENT_EXPIRY_HOURS; their numbers.

    Safe to run from two crons at once: rows another run holds are skipped, and
    an order paid meanwhile no longer matches. An order named by a stored bank
    notification that is not processed yet is left alone: its money may be in
    it. Stock allocations are released and each buyer is emailed once the
    cancellation is committed.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.PAYMENT_EXPIRY_HOURS)
    expiring = [
        methods.source_type_code(method())
        for method in registry.METHODS.values()
        if method.expires
    ]
    cancelled = []
    with transaction.atomic():
        orders = list(
            Order._default_manager.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=methods.PENDING_PAYMENT,
                date_placed__lt=cutoff,
                pk__in=Source._default_manager.filter(
                    source_type__code__in=expiring, amount_debited=0
                ).values("order_id"),
            )
            .exclude(
                number__in=BankNotification.objects.filter(
                    status__in=BankNotification.UNPROCESSED
                )
                .exclude(order_number="")
                .values("order_number")
            )
            .order_by("pk")
        )
        handler = EventHandler()
        for order in orders:
            handler.cancel_stock_allocations(order)
            handler.handle_order_status_change(
                order,
                CANCELLED,
                note_msg=_("Cancelled: not paid within %(hours)s hours.")
                % {"hours": settings.PAYMENT_EXPIRY_HOURS},
            )
            cancelled.append(order)
    for order in cancelled:
        _expiry_email_send(order)
    return [order.number for order in cancelled]


def _expiry_email_send(order) -> None:
    buyer_mail.order_mail_send(
        order=order,
        code=buyer_mail.ORDER_EXPIRED,
        once=True,
        hours=settings.PAYMENT_EXPIRY_HOURS,
    )


def _late_transfer_email_send(*, order, amount: int) -> None:
    """Tell the buyer their money arrived after the order was cancelled, and that
    it goes back to the account it came from."""
    buyer_mail.order_mail_send(
        order=order,
        code=buyer_mail.ORDER_LATE_TRANSFER,
        amount=amount,
        days=settings.PAYMENT_LATE_REFUND_DAYS,
    )
