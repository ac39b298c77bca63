"""Reads for the seller's home in the dashboard: what needs doing today and money."""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from payments.models import PayoutLedgerEntry
from payments.selectors import partner_balance

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

#: Stock at or below this many units is "low".
LOW_STOCK = 5
#: OCOP ratings ending within this many days are listed (and e-mailed about).
EXPIRY_NOTICE_DAYS = 90


@dataclass(frozen=True, kw_only=True)
class SellerHome:
    """What a seller sees first: lines to pack, stock, money, ratings to renew."""

    lines_to_pack: list
    low_stock: list
    balance: int
    payouts: list
    expiring: list


def seller_lines_to_pack(*, seller):
    """The seller's lines still waiting to be packed (oldest order first): those of
    paid orders, and of cash-on-delivery orders, which are paid on delivery."""
    return (
        Line._default_manager.filter(partner=seller, status="Pending")
        .exclude(order__status__in=("Pending payment", "Cancelled"))
        .select_related("order")
        .order_by("order__date_placed", "pk")
    )


def seller_low_stock(*, seller):
    """The seller's stock records with few units left to sell."""
    return (
        StockRecord._default_manager.filter(partner=seller)
        .annotate(free=F("num_in_stock") - Coalesce(F("num_allocated"), 0))
        .filter(free__lte=LOW_STOCK)
        .select_related("product")
        .order_by("num_in_stock", "pk")
    )


def seller_expiring_ratings(*, seller, today: datetime.date | None = None):
    """The seller's products whose OCOP rating ends in the next 90 days."""
    today = today or timezone.localdate()
    return (
        Product._default_manager.filter(
            stockrecords__partner=seller,
            ocop_stars__isnull=False,
            ocop_valid_until__gte=today,
            ocop_valid_until__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS),
        )
        .distinct()
        .order_by("ocop_valid_until", "pk")
    )


def seller_home(*, seller) -> SellerHome:
    """Everything on the seller's dashboard home, each list kept short."""
    return SellerHome(
        lines_to_pack=list(seller_lines_to_pack(seller=seller)[:20]),
        low_stock=list(seller_low_stock(seller=seller)[:10]),
        balance=partner_balance(partner=seller),
        payouts=list(
            PayoutLedgerEntry.objects.filter(
                partner=seller, kind=PayoutLedgerEntry.Kind.PAYOUT
            ).order_by("-created_at")[:5]
        ),
        expiring=list(seller_expiring_ratings(seller=seller)[:10]),
    )
