"""Refunds: through Stripe for cards, recorded by hand for transfers and cash.

Each refund is an Oscar payment event and transaction, and debits the sellers of the
refunded lines in the payout ledger.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from payments import selectors
from payments.ledger import ledger_refund_debit
from payments.providers import stripe as stripe_provider

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("order.processing", "EventHandler")

REFUNDED_EVENT = selectors.REFUNDED_EVENT
CANCELLED = "Cancelled"


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
        refund_record(
            order=order, source=source, amount=amount, reference=reference, lines=lines
        )
        refund_order_update(order=order, source=source, amount=amount, user=user)
        return amount


def refund_order_update(*, order, source, amount: int, user) -> None:
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


def refund_record(*, order, source, amount: int, reference: str, lines=None) -> None:
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
