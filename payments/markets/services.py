"""Writes of Chợ 4.0: markets, stalls, vendors and the stall-payment route."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model

from payments.markets.models import Market, Stall, StallPayment
from payments.models import BankNotification
from payments.routing import RouteRule

Partner = get_model("partner", "Partner")


# --- Routing bank notifications to stalls ---------------------------------------


def stall_for_account(account_number: str) -> Stall | None:
    """The stall whose vendor receives money on ``account_number`` (first one if the
    vendor has several stalls)."""
    if not account_number:
        return None
    return (
        Stall.objects.select_related("vendor")
        .filter(vendor__bank_account_number=account_number)
        .order_by("pk")
        .first()
    )


def _is_stall_account(notification: BankNotification) -> bool:
    return stall_for_account(notification.account_number) is not None


# Where each provider puts the bank's own reference of the transfer (the "FT…"
# code), which is the same whichever service reports it.
_BANK_REFERENCE_PATHS = {
    BankNotification.Provider.SEPAY: ("referenceCode",),
    BankNotification.Provider.CASSO: ("data", "reference"),
    BankNotification.Provider.PAYOS: ("data", "reference"),
}


def bank_reference(notification: BankNotification) -> str:
    """The bank's reference of the transfer in the raw delivery, or ""."""
    try:
        value = json.loads(notification.raw_body)
        for key in _BANK_REFERENCE_PATHS.get(notification.provider, ()):
            value = value[key]
    except (ValueError, KeyError, TypeError):
        return ""
    return str(value)[:64] if isinstance(value, str | int) and value else ""


def stall_payment_record(notification: BankNotification) -> StallPayment:
    """Record ``notification`` as a payment to its stall (the route's handler).

    Runs inside ``bank_notification_process``'s transaction with the notification
    locked, after the route accepted it; the one-to-one on the notification makes a
    second effect impossible. A transfer another provider already reported is
    recorded as a duplicate, out of the feed.
    """
    stall = stall_for_account(notification.account_number)
    fields = {
        "notification": notification,
        "stall": stall,
        "vendor": stall.vendor,
        "account_number": notification.account_number,
        "amount": notification.amount,
        "memo": notification.memo,
        "bank_reference": bank_reference(notification),
        "received_at": notification.received_at or timezone.now(),
    }
    try:
        with transaction.atomic():
            return StallPayment.objects.create(**fields)
    except IntegrityError:
        # The partial unique constraint on (account, bank reference).
        return StallPayment.objects.create(**fields, is_duplicate=True)


STALL_ROUTE = RouteRule(
    route=BankNotification.Route.STALL,
    accepts=_is_stall_account,
    handle=stall_payment_record,
)


# --- The board: markets, stalls and vendors --------------------------------------


def market_create(*, name: str, commune: str, province: str, managers=()) -> Market:
    """A new market, run by ``managers`` (users) besides the operator."""
    market = Market.objects.create(name=name, commune=commune, province=province)
    market.managers.set(managers)
    return market


def stall_create(
    *, market: Market, number: str, zone: str = "", goods: str = ""
) -> Stall:
    """A new stall in ``market``; its number is unique within the market."""
    return Stall.objects.create(market=market, number=number, zone=zone, goods=goods)


def _vendor_code(name: str) -> str:
    base = slugify(name)[:100] or "nguoi-ban"
    code, suffix = base, 2
    while Partner._default_manager.filter(code=code).exists():
        code, suffix = f"{base}-{suffix}", suffix + 1
    return code


def vendor_login_ensure(*, vendor, email: str):
    """The user who logs in as ``vendor`` (created without a password if new: they
    choose one with "forgot password"); None when no email is given."""
    if not email:
        return None
    User = get_user_model()
    user = User._default_manager.filter(email__iexact=email).first()
    if user is None:
        user = User._default_manager.create_user(email=email, password=None)
    vendor.users.add(user)
    # Oscar's seller dashboard lets a partner's users in with this permission.
    permission, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Partner),
        codename="dashboard_access",
        defaults={"name": "Can access dashboard"},
    )
    user.user_permissions.add(permission)
    return user


@transaction.atomic
def stall_vendor_assign(
    *,
    stall: Stall,
    name: str,
    bank,
    account_number: str,
    account_holder: str,
    phone: str = "",
    email: str = "",
):
    """Give ``stall`` a vendor with its bank account: the stall's current vendor is
    updated, otherwise a market-vendor seller is created."""
    vendor = stall.vendor
    if vendor is None:
        vendor = Partner._default_manager.create(
            code=_vendor_code(f"{stall.market.name} {stall.number} {name}"),
            name=name,
            seller_type=Partner.SellerType.MARKET_VENDOR,
        )
    vendor.name = name
    vendor.seller_type = Partner.SellerType.MARKET_VENDOR
    vendor.commune = stall.market.commune
    vendor.province = stall.market.province
    vendor.bank = bank
    vendor.bank_account_number = account_number
    vendor.bank_account_holder = account_holder
    if phone:
        vendor.phone = phone
    vendor.save()
    stall.vendor = vendor
    stall.save(update_fields=["vendor"])
    vendor_login_ensure(vendor=vendor, email=email)
    return vendor


def account_taken_by(*, account_number: str, vendor=None) -> str:
    """Why ``account_number`` cannot route to a stall of ``vendor``, or "".

    Notifications are routed by receiving account alone, so it must belong to one
    vendor and never be the marketplace's collection account.
    """
    if account_number == settings.VIETQR_ACCOUNT_NUMBER:
        return "collection"
    others = Partner._default_manager.filter(
        bank_account_number=account_number, stalls__isnull=False
    )
    if vendor is not None and vendor.pk:
        others = others.exclude(pk=vendor.pk)
    return "vendor" if others.exists() else ""
