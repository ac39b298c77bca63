"""Writes of the payments app: receiving notifications, confirming payments, expiry,
refunds and the payout ledger. Amounts are whole đồng (int) throughout.
"""

import logging
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from payments import methods, registry, selectors
from payments.gateway import NotificationRejected, TransferReport, WebhookAnswer
from payments.models import BankNotification, PayoutLedgerEntry, StripeEvent
from payments.providers import stripe as stripe_provider

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("order.processing", "EventHandler")

PAID_EVENT = "Paid"
REFUNDED_EVENT = selectors.REFUNDED_EVENT
CANCELLED = "Cancelled"


# --- Bank notifications ---------------------------------------------------------


def bank_notification_receive(
    *, provider_code: str, body: bytes, headers
) -> WebhookAnswer:
    """Verify, store and process one webhook delivery; the answer the provider wants.

    Forged or stale: 401, nothing stored. Malformed: 400, nothing stored. Otherwise
    each reported transfer is stored raw (committed on its own) before processing,
    and a transfer already stored is left alone: the answer is the same 2xx, so the
    provider stops retrying, with no second effect.
    """
    provider = registry.enabled_notification_providers().get(provider_code)
    if provider is None:
        return WebhookAnswer(status=404, body={"success": False, "error": "unknown"})
    try:
        reports = provider.verify_and_parse(body=body, headers=headers)
    except NotificationRejected as error:
        logger.warning("Refused %s notification: %s", provider_code, error.message)
        return WebhookAnswer(
            status=error.status, body={"success": False, "error": error.message}
        )
    problem = next(filter(None, map(_transfer_report_problem, reports)), "")
    if problem:
        logger.warning("Refused %s notification: %s", provider_code, problem)
        return WebhookAnswer(status=400, body={"success": False, "error": problem})
    for report in reports:
        notification = bank_notification_store(report=report, raw_body=body)
        if notification is not None:
            bank_notification_process(notification_id=notification.pk)
    return provider.answer()


# No bank transfer comes near a quadrillion đồng; beyond it is garbage.
MAX_TRANSFER_AMOUNT = 10**15


def _transfer_report_problem(report: TransferReport) -> str:
    """Why an authentic report cannot be stored ('' if it can): an authentic
    delivery with unusable content is answered 400, with nothing stored."""
    for label, field, value in (
        ("transaction id", "provider_transaction_id", report.transaction_id),
        ("account number", "account_number", report.account_number),
    ):
        max_length = BankNotification._meta.get_field(field).max_length
        if not value.strip() or len(value) > max_length or "\x00" in value:
            return f"Unusable {label}: empty, longer than {max_length} or with NUL."
    if not 0 <= report.amount <= MAX_TRANSFER_AMOUNT:
        return "Amount out of range."
    return ""


def bank_notification_store(
    *, report: TransferReport, raw_body: bytes
) -> BankNotification | None:
    """Store ``report`` raw; None if the provider already delivered it."""
    try:
        with transaction.atomic():
            return BankNotification.objects.create(
                provider=report.provider,
                provider_transaction_id=report.transaction_id,
                raw_body=raw_body.decode("utf-8", errors="replace"),
                account_number=report.account_number,
                amount=report.amount,
                # PostgreSQL text cannot hold NUL; the raw body keeps it escaped.
                memo=report.memo.replace("\x00", "")[:512],
                transferred_at=report.transferred_at.replace("\x00", "")[:64],
                # Outgoing transfers are kept for the record but never routed.
                status=(
                    BankNotification.Status.RECEIVED
                    if report.incoming
                    else BankNotification.Status.IGNORED
                ),
            )
    except IntegrityError:
        # The unique (provider, transaction id) constraint: a retry or a copy that
        # arrived at the same moment.
        logger.info(
            "Duplicate %s notification %s", report.provider, report.transaction_id
        )
        return None


def bank_notification_process(*, notification_id: int) -> BankNotification:
    """Route a stored notification and apply it, once; failures are recorded.

    A failure leaves the row ``failed`` with the error, to be processed again with
    ``manage.py process_bank_notifications``; the raw delivery is never lost.
    """
    from payments.routing import notification_route

    try:
        with transaction.atomic():
            notification = BankNotification.objects.select_for_update().get(
                pk=notification_id
            )
            if notification.status not in (
                BankNotification.Status.RECEIVED,
                BankNotification.Status.FAILED,
            ):
                return notification
            rule = notification_route(notification)
            if rule is None:
                notification.route = BankNotification.Route.UNMATCHED
                _review(notification, BankNotification.Reason.WRONG_ACCOUNT)
            else:
                notification.route = rule.route
                notification.status = BankNotification.Status.ROUTED
                rule.handle(notification)
            notification.error = ""
            notification.processed_at = timezone.now()
            notification.save()
            return notification
    except Exception as error:
        logger.exception("Processing bank notification %s failed", notification_id)
        BankNotification.objects.filter(pk=notification_id).update(
            status=BankNotification.Status.FAILED, error=repr(error)
        )
        return BankNotification.objects.get(pk=notification_id)


def _review(notification: BankNotification, reason: str) -> None:
    notification.status = BankNotification.Status.REVIEW
    notification.reason = reason


def order_transfer_apply(notification: BankNotification) -> None:
    """Pay the order whose code is in the memo if the amount is exactly what is due;
    anything else goes to the review queue."""
    number = methods.order_number_in_memo(notification.memo)
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


def bank_notification_resolve(*, notification: BankNotification, user) -> None:
    """Mark a reviewed notification as dealt with (the money was handled by hand)."""
    with transaction.atomic():
        locked = BankNotification.objects.select_for_update().get(pk=notification.pk)
        if locked.status == BankNotification.Status.REVIEW:
            locked.status = BankNotification.Status.RESOLVED
            locked.error = f"Resolved by {user}"
            locked.save(update_fields=["status", "error"])


# --- Confirming, refunding and expiring orders ------------------------------------


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


def orders_expire(*, now: datetime | None = None) -> list[str]:
    """Cancel orders still unpaid after PAYMENT_EXPIRY_HOURS; their numbers.

    Safe to run from two crons at once: rows another run holds are skipped, and
    an order paid meanwhile no longer matches. Stock allocations are released and
    each buyer is emailed once the cancellation is committed.
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
    email = order.email
    if not email:
        return
    send_mail(
        subject=_("Order %(number)s was cancelled") % {"number": order.number},
        message=_(
            "We did not receive the payment for order %(number)s within %(hours)s "
            "hours, so it was cancelled and its products were put back on sale. "
            "If you already transferred the money, reply to this email and we will "
            "refund it."
        )
        % {"number": order.number, "hours": settings.PAYMENT_EXPIRY_HOURS},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


# --- Stripe -------------------------------------------------------------------------


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
            _refund_record(
                order=order, source=source, amount=missing, reference="", lines=lines
            )
            _refund_order_update(
                order=order, source=source, amount=missing, user="Stripe"
            )


def order_refund(
    *, order, lines: dict | None = None, user=None, expected_refunded: int | None = None
) -> int:
    """Refund a card-paid order through Stripe, in full (``lines`` None: whatever is
    left) or for ``lines`` ({line: quantity}); the refunded amount in đồng.

    Raises ``ValueError`` with a message for staff when there is nothing (or not
    that much) left to refund, or when ``expected_refunded`` (the amount refunded
    when the page was shown) no longer holds: a second click refunds nothing.
    """

    def through_stripe(*, source, amount: int) -> str:
        refund = stripe_provider.refund_create(
            payment_intent_id=source.reference,
            amount=amount,
            # Same order, same state: a retry after a lost answer is one refund.
            idempotency_key=(
                f"refund-{order.number}-{int(source.amount_refunded)}-{amount}"
            ),
        )
        return refund.id

    return _order_refund(
        order=order,
        lines=lines,
        user=user,
        expected_refunded=expected_refunded,
        through="stripe",
        pay_back=through_stripe,
    )


def order_refund_record(
    *,
    order,
    reference: str,
    lines: dict | None = None,
    user=None,
    expected_refunded: int | None = None,
) -> int:
    """Record a refund that staff made by hand (a bank transfer back for VietQR, cash
    for cash on delivery): in full or for ``lines``, as ``order_refund``; the
    ledger is debited the same way. ``reference`` is the transfer or receipt."""

    def by_hand(*, source, amount: int) -> str:
        # Checked here, after the order's own checks, which say more when they fail.
        if not reference.strip():
            raise ValueError(
                _("Give the reference of the transfer or receipt that paid it back.")
            )
        return f"manual:{reference.strip()}"[:128]

    return _order_refund(
        order=order,
        lines=lines,
        user=user,
        expected_refunded=expected_refunded,
        through="manual",
        pay_back=by_hand,
    )


def _order_refund(
    *, order, lines, user, expected_refunded, through: str, pay_back
) -> int:
    with transaction.atomic():
        # The row lock makes a double click wait, then find the refund done.
        order = Order._default_manager.select_for_update().get(pk=order.pk)
        refundable = selectors.order_refundable(order=order)
        if refundable.source is None:
            raise ValueError(_("This order was not paid: there is nothing to refund."))
        if refundable.through != through:
            raise ValueError(
                _("Card payments are refunded through Stripe.")
                if refundable.through == "stripe"
                else _("This order was not paid by card: record a refund by hand.")
            )
        source = Source._default_manager.select_for_update().get(
            pk=refundable.source.pk
        )
        if (
            expected_refunded is not None
            and int(source.amount_refunded) != expected_refunded
        ):
            raise ValueError(
                _(
                    "This order was refunded meanwhile (%(refunded)s đồng so far). "
                    "Nothing was refunded now: check the order before trying again."
                )
                % {"refunded": int(source.amount_refunded)}
            )
        left = int(source.amount_debited - source.amount_refunded)
        if left <= 0:
            raise ValueError(_("Nothing left to refund on this order."))
        by_line = {item.line.pk: item for item in refundable.lines}
        if lines:
            for line, quantity in lines.items():
                item = by_line.get(line.pk)
                if item is None or not 0 < quantity <= item.quantity_left:
                    raise ValueError(
                        _("Only %(left)s of “%(title)s” can still be refunded.")
                        % {
                            "left": item.quantity_left if item else 0,
                            "title": line.title,
                        }
                    )
            amount = sum(
                by_line[line.pk].unit_amount * quantity
                for line, quantity in lines.items()
            )
            if amount > left:
                raise ValueError(
                    _("Only %(left)s đồng are left to refund on this order.")
                    % {"left": left}
                )
        else:
            amount = left
            # Whatever each line has left, so each seller is debited exactly once.
            lines = {
                item.line: item.quantity_left
                for item in refundable.lines
                if item.quantity_left > 0
            }
        reference = pay_back(source=source, amount=amount)
        _refund_record(
            order=order, source=source, amount=amount, reference=reference, lines=lines
        )
        _refund_order_update(order=order, source=source, amount=amount, user=user)
        return amount


def _refund_order_update(*, order, source, amount: int, user) -> None:
    """A note on the order; a full refund before shipping cancels the order and
    puts its stock back on sale."""
    handler = EventHandler()
    message = _("Refunded %(amount)s đồng (%(who)s).") % {
        "amount": amount,
        "who": user or _("system"),
    }
    if source.amount_refunded < source.amount_debited:
        handler.create_note(order, message)
        return
    if CANCELLED in order.available_statuses():
        handler.cancel_stock_allocations(order)
        handler.handle_order_status_change(
            order, CANCELLED, note_msg=message + " " + _("Cancelled: refunded in full.")
        )
    else:
        handler.create_note(order, message)


def _refund_record(*, order, source, amount: int, reference: str, lines=None) -> None:
    source.refund(amount, reference=reference)
    event_type, _created = PaymentEventType._default_manager.get_or_create(
        name=REFUNDED_EVENT
    )
    # None: a refund of unknown lines (Stripe's dashboard), spread over all of them.
    line_list = list(lines) if lines is not None else list(order.lines.all())
    quantities = (
        [lines[line] for line in line_list]
        if lines is not None
        else [line.quantity for line in line_list]
    )
    EventHandler().create_payment_event(
        order,
        event_type,
        amount,
        lines=line_list,
        line_quantities=quantities,
        reference=reference,
    )
    ledger_refund_debit(order=order, amount=amount, lines=lines, reference=reference)


# --- Payout ledger ------------------------------------------------------------------


def commission_rate(partner) -> Decimal:
    """The share of a sale the marketplace keeps for ``partner`` (0.05 = 5 %).

    The operator sets it per seller, in percent, as ``Partner.commission_rate``.
    """
    return Decimal(str(partner.commission_rate)) / 100


def _commission(gross: int, rate: Decimal) -> int:
    return int((Decimal(gross) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ledger_order_credit(*, order, lines=None) -> None:
    """Credit each line's seller with the line total less commission, once per line.

    One insert for the whole order; a line already credited is skipped by the
    database (the unique constraint on sale entries), not by a read beforehand.
    ``lines`` are the order's lines with their partner, when the caller has them.
    """
    if lines is None:
        lines = order.lines.select_related("partner")
    entries = []
    for line in lines:
        if line.partner is None:
            continue
        gross = int(line.line_price_incl_tax)
        commission = _commission(gross, commission_rate(line.partner))
        entries.append(
            PayoutLedgerEntry(
                line=line,
                kind=PayoutLedgerEntry.Kind.SALE,
                partner=line.partner,
                gross=gross,
                commission=commission,
                amount=gross - commission,
                reference=order.number,
            )
        )
    PayoutLedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)


def ledger_refund_debit(
    *, order, amount: int, lines: dict | None, reference: str
) -> None:
    """Debit sellers for a refund: the refunded lines, or (``lines`` None) each
    line pro rata."""
    if lines is not None:
        parts = {line: int(line.unit_price_incl_tax) * q for line, q in lines.items()}
    else:
        total = sum(int(line.line_price_incl_tax) for line in order.lines.all()) or 1
        parts = {
            line: int(line.line_price_incl_tax) * amount // total
            for line in order.lines.all()
        }
    for line, gross in parts.items():
        if line.partner is None or gross <= 0:
            continue
        commission = _commission(gross, commission_rate(line.partner))
        PayoutLedgerEntry.objects.create(
            partner=line.partner,
            kind=PayoutLedgerEntry.Kind.REFUND,
            line=line,
            gross=-gross,
            commission=-commission,
            amount=-(gross - commission),
            reference=reference or order.number,
        )


def ledger_payout_record(*, partner, amount: int, reference: str, user) -> None:
    """Record ``amount`` đồng paid out to ``partner`` (e.g. a bank transfer)."""
    if amount <= 0:
        raise ValueError(_("A payout must be a positive number of đồng."))
    PayoutLedgerEntry.objects.create(
        partner=partner,
        kind=PayoutLedgerEntry.Kind.PAYOUT,
        amount=-amount,
        reference=reference,
        created_by=user,
    )
