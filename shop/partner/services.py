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


@transaction.atomic
def seller_cash_received_record(*, order, seller, user) -> Decimal:
    """Record that ``seller``'s courier collected its part of a cash-on-delivery order.

    Debits the order's cash-on-delivery source by the seller's lines plus its
    delivery charge and records an Oscar payment event over those lines. Refuses
    (``SellerActionError``) when the order is not cash on delivery, the lines are
    not all delivered, or the cash was already recorded.
    """
    order = type(order)._default_manager.select_for_update().get(pk=order.pk)
    source = order.sources.filter(source_type__code=CASH_ON_DELIVERY).first()
    if source is None:
        raise SellerActionError(_("This order is not paid by cash on delivery."))
    parts = order_lines_by_seller(order=order, seller=seller)
    if not parts:
        raise SellerActionError(_("This order has none of your items."))
    part = parts[0]
    if any(line.status != DELIVERED for line in part.lines):
        raise SellerActionError(_("Mark all your items delivered first."))
    event_type, _created = PaymentEventType._default_manager.get_or_create(
        code=CASH_RECEIVED, defaults={"name": _("Cash received")}
    )
    if any(line.payment_event_quantity(event_type) for line in part.lines):
        raise SellerActionError(_("The cash for your items was already recorded."))
    amount = part.total
    source.debit(amount, reference=f"{order.number}/{seller.code}")
    EventHandler(user).handle_payment_event(
        order,
        event_type,
        amount,
        part.lines,
        [line.quantity for line in part.lines],
        reference=seller.code,
    )
    return amount
