"""Writes about sellers: their users, their part of orders, cash received."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from shop.partner.selectors import order_lines_by_seller

Partner = get_model("partner", "Partner")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("order.processing", "EventHandler")

#: The line status a seller's lines must reach before it records cash received.
DELIVERED = "Delivered"
CASH_ON_DELIVERY = "cash-on-delivery"
CASH_RECEIVED = "cash-received"


class SellerActionError(Exception):
    """A seller asked for something the order's state does not allow (shown as is)."""


def dashboard_access_permission() -> Permission:
    """Oscar's permission that lets a seller's users into the seller dashboard."""
    permission, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Partner),
        codename="dashboard_access",
        defaults={"name": "Can access dashboard"},
    )
    return permission


def seller_user_add(*, partner, user) -> None:
    """Let ``user`` work for ``partner`` in the dashboard, as Oscar's link view does."""
    partner.users.add(user)
    if not user.is_staff:
        user.user_permissions.add(dashboard_access_permission())


def seller_user_invite(*, partner, email: str, first_name: str = "", site_url: str):
    """Create (or find) the user with ``email``, link it to ``partner`` and email it
    a link to set its password.

    The link is Django's password-reset link: single use, expiring after
    ``PASSWORD_RESET_TIMEOUT``, so no password ever travels by email.
    """
    from shop.partner.tasks import seller_invite_send

    User = get_user_model()
    user = User._default_manager.filter(email__iexact=email).first()
    if user is None:
        user = User._default_manager.create_user(email=email, password=None)
        if first_name:
            user.first_name = first_name
            user.save(update_fields=["first_name"])
    seller_user_add(partner=partner, user=user)
    seller_invite_send.delay_on_commit(
        user_id=user.pk, partner_id=partner.pk, site_url=site_url
    )
    return user


#: Payment events that mean "the cash for these lines arrived": ours, and the
#: whole-order "Paid" event that staff recorded before cash was split by seller.
CASH_EVENT_CODES = (CASH_RECEIVED, "paid")


@transaction.atomic
def order_cash_received_record(*, order, user, seller=None) -> Decimal:
    """Record cash collected on delivery; the amount recorded now.

    With ``seller``: that seller's part (its lines, all delivered, plus its delivery
    charge). Without (staff): every seller's part not recorded yet, delivered or not.
    Each recorded part debits the order's cash-on-delivery source, gets one payment
    event over its lines and credits its seller's ledger (once per line, by the
    ledger's constraint). Under the order's row lock a part is recorded once,
    whoever asks first: a seller twice, staff after a seller or a seller after
    staff finds it recorded and changes nothing. Refuses (``SellerActionError``,
    nothing changed) an order not paid in cash, a seller without lines in it,
    undelivered lines, or nothing left to record.
    """
    from payments.services import ledger_order_credit

    order = type(order)._default_manager.select_for_update().get(pk=order.pk)
    source = (
        order.sources.select_for_update()
        .filter(source_type__code=CASH_ON_DELIVERY)
        .first()
    )
    if source is None:
        raise SellerActionError(_("This order is not paid by cash on delivery."))
    parts = order_lines_by_seller(order=order, seller=seller)
    if seller is not None:
        if not parts:
            raise SellerActionError(_("This order has none of your items."))
        if any(line.status != DELIVERED for line in parts[0].lines):
            raise SellerActionError(_("Mark all your items delivered first."))
    recorded = set(
        order.lines.filter(
            payment_event_quantities__event__event_type__code__in=CASH_EVENT_CODES
        ).values_list("pk", flat=True)
    )
    parts = [
        part for part in parts if not any(line.pk in recorded for line in part.lines)
    ]
    if not parts:
        if seller is None:
            raise SellerActionError(_("The cash for this order was already recorded."))
        raise SellerActionError(_("The cash for your items was already recorded."))
    event_type, _created = PaymentEventType._default_manager.get_or_create(
        code=CASH_RECEIVED, defaults={"name": _("Cash received")}
    )
    amount = Decimal(0)
    for part in parts:
        code = part.seller.code if part.seller else "-"
        source.debit(part.total, reference=f"{order.number}/{code}")
        EventHandler(user).handle_payment_event(
            order,
            event_type,
            part.total,
            part.lines,
            [line.quantity for line in part.lines],
            reference=code,
        )
        ledger_order_credit(order=order, lines=part.lines)
        amount += part.total
    return amount
