"""A seller's lines, one step at a time: packed, shipped (with a carrier and
tracking number), delivered, or cancelled with a reason.

Each step is an Oscar line status change plus a shipping event on that line, so the
buyer's order page and the operator's order page show the same timeline.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_class, get_model

from shop.checkout import buyer_mail
from shop.partner.models import LineDispatch
from shop.partner.services import CASH_ON_DELIVERY, CASH_RECEIVED, SellerActionError

Line = get_model("order", "Line")
ShippingEventType = get_model("order", "ShippingEventType")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("order.processing", "EventHandler")

PACKED, SHIPPED, DELIVERED, CANCELLED = "Packed", "Shipped", "Delivered", "Cancelled"

#: What the seller's button says for each next status.
STEP_LABELS = {
    PACKED: gettext_lazy("Mark packed"),
    SHIPPED: gettext_lazy("Mark shipped"),
    DELIVERED: gettext_lazy("Mark delivered"),
}


@dataclass
class LineStep:
    """The one forward step a line can take now, and whether it can be cancelled."""

    line: object
    next_status: str | None
    label: str
    can_cancel: bool
    needs_tracking: bool


def line_next_step(*, line) -> LineStep:
    """The next valid step of ``line`` in ``OSCAR_LINE_STATUS_PIPELINE``."""
    available = line.available_statuses()
    forward = next((s for s in available if s != CANCELLED), None)
    return LineStep(
        line=line,
        next_status=forward,
        label=str(STEP_LABELS.get(forward, forward or "")),
        can_cancel=CANCELLED in available,
        needs_tracking=forward == SHIPPED,
    )


def _event_type(status):
    event_type, _created = ShippingEventType._default_manager.get_or_create(
        code=status.lower(), defaults={"name": status}
    )
    return event_type


@transaction.atomic
def seller_line_step(
    *,
    line,
    seller,
    status: str,
    user,
    carrier: str = "",
    tracking_number: str = "",
    reason: str = "",
) -> None:
    """Move ``seller``'s ``line`` to ``status`` if that is a valid next step.

    Shipping needs ``carrier`` and ``tracking_number``; cancelling needs ``reason``
    and puts the line's units back in stock. Raises ``SellerActionError`` (shown to
    the seller as is) otherwise, changing nothing.
    """
    line = Line._default_manager.select_for_update().get(pk=line.pk)
    if line.partner_id != seller.pk:
        raise SellerActionError(_("This item is not yours."))
    if status not in line.available_statuses():
        raise SellerActionError(
            _("This item cannot go from “%(old)s” to “%(new)s”; reload the page.")
            % {"old": _(line.status), "new": _(status)}
        )
    carrier, tracking_number, reason = (
        carrier.strip(),
        tracking_number.strip(),
        reason.strip(),
    )
    notes = ""
    if status == SHIPPED:
        if not carrier or not tracking_number:
            raise SellerActionError(
                _("Type the carrier and the tracking number to mark it shipped.")
            )
        LineDispatch._default_manager.update_or_create(
            line=line,
            defaults={"carrier": carrier[:64], "tracking_number": tracking_number[:64]},
        )
        notes = f"{carrier} · {tracking_number}"
    if status == CANCELLED:
        if not reason:
            raise SellerActionError(_("Say why you cancel this item."))
        notes = reason[:1000]
    handler = EventHandler(user)
    line.set_status(status)
    handler.handle_shipping_event(
        line.order, _event_type(status), [line], [line.quantity], reference=notes
    )
    if status == CANCELLED and line.stockrecord_id:
        handler.cancel_stock_allocations(line.order, [line], [line.quantity])
    if status in (SHIPPED, DELIVERED):
        _buyer_tell(line=line, seller=seller, status=status)


def _buyer_tell(*, line, seller, status: str) -> None:
    """Mail the buyer, once committed, that ``line`` was shipped (with the parcel's
    carrier and tracking number and every line of this seller in that parcel) or
    delivered."""
    if status == DELIVERED:
        buyer_mail.order_mail_on_commit(
            order=line.order,
            code=buyer_mail.LINES_DELIVERED,
            seller=seller,
            lines=[line],
        )
        return
    dispatch = line.dispatch
    parcel = list(
        line.order.lines.filter(
            partner=seller,
            dispatch__carrier=dispatch.carrier,
            dispatch__tracking_number=dispatch.tracking_number,
        ).order_by("pk")
    )
    buyer_mail.order_mail_on_commit(
        order=line.order,
        code=buyer_mail.LINES_SHIPPED,
        seller=seller,
        lines=parcel,
        carrier=dispatch.carrier,
        tracking_number=dispatch.tracking_number,
    )


def seller_cash_recordable(*, order, lines) -> bool:
    """Whether the seller may record cash for ``lines``: a cash-on-delivery order
    whose lines are all delivered and whose cash was not recorded yet."""
    if not lines or any(line.status != DELIVERED for line in lines):
        return False
    if not order.sources.filter(source_type__code=CASH_ON_DELIVERY).exists():
        return False
    event_type = PaymentEventType._default_manager.filter(code=CASH_RECEIVED).first()
    return event_type is None or not any(
        line.payment_event_quantity(event_type) for line in lines
    )
