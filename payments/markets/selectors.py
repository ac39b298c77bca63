"""Reads of Chợ 4.0: who may see which stall, the feed, statements, the board."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from payments.markets.models import Market, Stall, StallPayment
from payments.vietqr import VietQRError

#: Payments this recent are sent again with every poll (the page skips those it
#: has): one committed late, after a newer one was already seen, is not missed.
FEED_LOOKBACK = timedelta(minutes=2)
FEED_PAGE = 50


# --- Who sees what -----------------------------------------------------------------


def markets_for_user(*, user):
    """Markets whose board ``user`` may open: all for the operator, else managed."""
    if not user.is_authenticated:
        return Market.objects.none()
    if user.is_staff:
        return Market.objects.all()
    return Market.objects.filter(managers=user)


def market_can_manage(*, user, market: Market) -> bool:
    """The operator and the market's managers run its board."""
    return user.is_authenticated and (
        user.is_staff or market.managers.filter(pk=user.pk).exists()
    )


def stalls_for_user(*, user):
    """Stalls whose feed and statement ``user`` may see: the operator all, a manager
    its markets' stalls, a vendor's staff its own stalls."""
    stalls = Stall.objects.select_related("market", "vendor", "vendor__bank")
    if not user.is_authenticated:
        return stalls.none()
    if user.is_staff:
        return stalls
    return stalls.filter(Q(market__managers=user) | Q(vendor__users=user)).distinct()


def stall_payments(*, stall: Stall):
    """The transfers shown for ``stall``: its current vendor's, each once."""
    return StallPayment.objects.filter(
        stall=stall, vendor_id=stall.vendor_id, is_duplicate=False
    )


# --- Days -----------------------------------------------------------------------------


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start and end of ``day`` in the site's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(
        datetime.combine(day + timedelta(days=1), time.min)
    )


def stall_day_payments(*, stall: Stall, day: date):
    """``stall``'s transfers received on ``day``, oldest first."""
    start, end = day_bounds(day)
    return (
        stall_payments(stall=stall)
        .filter(received_at__gte=start, received_at__lt=end)
        .select_related("notification")
        .order_by("received_at", "id")
    )


def stall_day_total(*, stall: Stall, day: date) -> int:
    """Đồng received by ``stall`` on ``day``."""
    total = stall_day_payments(stall=stall, day=day).aggregate(total=Sum("amount"))
    return total["total"] or 0


@dataclass(frozen=True, kw_only=True)
class DayTotal:
    day: date
    count: int
    total: int


def stall_recent_days(*, stall: Stall, today: date, days: int = 30) -> list[DayTotal]:
    """One row per day for the last ``days`` days (today first), zero days included."""
    first = today - timedelta(days=days - 1)
    start, _end = day_bounds(first)
    _start, end = day_bounds(today)
    by_day: dict[date, DayTotal] = {}
    payments = stall_payments(stall=stall).filter(
        received_at__gte=start, received_at__lt=end
    )
    for received_at, amount in payments.values_list("received_at", "amount"):
        day = timezone.localtime(received_at).date()
        row = by_day.get(day, DayTotal(day=day, count=0, total=0))
        by_day[day] = DayTotal(day=day, count=row.count + 1, total=row.total + amount)
    return [
        by_day.get(day, DayTotal(day=day, count=0, total=0))
        for day in (today - timedelta(days=n) for n in range(days))
    ]


# --- The live feed -------------------------------------------------------------------


def feed_payment_json(payment: StallPayment) -> dict:
    """One transfer as the feed page shows it."""
    received = timezone.localtime(payment.received_at)
    return {
        "id": payment.pk,
        "amount": payment.amount,
        "memo": payment.memo,
        "time": received.strftime("%H:%M:%S"),
        "day": received.date().isoformat(),
        "received_at": received.isoformat(),
    }


def stall_feed(*, stall: Stall, since: int, now: datetime | None = None) -> dict:
    """What the feed page needs after cursor ``since``: today's date and total, and
    today's transfers newer than the cursor (plus the last two minutes' again, for
    the page to skip those it has), oldest first; ``cursor`` is the next ``since``."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    start, end = day_bounds(today)
    todays = stall_payments(stall=stall).filter(
        received_at__gte=start, received_at__lt=end
    )
    newer = list(todays.filter(pk__gt=since).order_by("id")[:FEED_PAGE])
    # Asked for apart from ``newer``, so that a burst of recent ones the page
    # already has can never crowd out the new ones and hold the cursor back.
    recent = list(
        todays.filter(pk__lte=since, received_at__gte=now - FEED_LOOKBACK).order_by(
            "id"
        )[:FEED_PAGE]
    )
    totals = todays.aggregate(total=Sum("amount"), count=Count("id"))
    return {
        "day": today.isoformat(),
        "today_total": totals["total"] or 0,
        "today_count": totals["count"],
        "payments": [feed_payment_json(payment) for payment in recent + newer],
        "cursor": max([since, *(payment.pk for payment in newer)]),
        "more": len(newer) == FEED_PAGE,
    }


# --- The market board ------------------------------------------------------------


def stall_has_working_qr(stall: Stall) -> bool:
    """Whether the stall's vendor has an account a VietQR can point at."""
    from payments.markets.standee import stall_payload

    try:
        stall_payload(stall)
    except (VietQRError, ValueError):
        return False
    return True


@dataclass(frozen=True, kw_only=True)
class StallRow:
    stall: Stall
    has_qr: bool
    today_total: int
    today_count: int


@dataclass(frozen=True, kw_only=True)
class WeekAdoption:
    week_start: date
    stalls_paid: int
    stalls: int

    @property
    def percent(self) -> int:
        return round(100 * self.stalls_paid / self.stalls) if self.stalls else 0


@dataclass(frozen=True, kw_only=True)
class MarketOverview:
    market: Market
    rows: list[StallRow]
    stalls_with_qr: int
    today_total: int
    today_count: int
    weeks: list[WeekAdoption]


def market_overview(*, market: Market, today: date, weeks: int = 8) -> MarketOverview:
    """The board: each stall's QR and today's takings, and adoption week by week
    (the share of the market's stalls that received at least one transfer)."""
    start, end = day_bounds(today)
    stalls = list(
        market.stalls.select_related("vendor", "vendor__bank").annotate(
            today_total=Sum(
                "payments__amount",
                filter=Q(
                    payments__received_at__gte=start,
                    payments__received_at__lt=end,
                    payments__is_duplicate=False,
                ),
            ),
            today_count=Count(
                "payments",
                filter=Q(
                    payments__received_at__gte=start,
                    payments__received_at__lt=end,
                    payments__is_duplicate=False,
                ),
            ),
        )
    )
    rows = [
        StallRow(
            stall=stall,
            has_qr=stall_has_working_qr(stall),
            today_total=stall.today_total or 0,
            today_count=stall.today_count,
        )
        for stall in stalls
    ]
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    first_start, _end = day_bounds(first_monday)
    paid_stalls: dict[date, set[int]] = {}
    payments = StallPayment.objects.filter(
        stall__market=market, is_duplicate=False, received_at__gte=first_start
    ).values_list("stall_id", "received_at")
    for stall_id, received_at in payments:
        day = timezone.localtime(received_at).date()
        monday = day - timedelta(days=day.weekday())
        paid_stalls.setdefault(monday, set()).add(stall_id)
    week_list = [
        WeekAdoption(
            week_start=monday,
            stalls_paid=len(paid_stalls.get(monday, ())),
            # Against today's stalls: a board entered after the market went
            # cashless has no history of when each stall opened.
            stalls=len(stalls),
        )
        for monday in (this_monday - timedelta(weeks=n) for n in range(weeks))
    ]
    return MarketOverview(
        market=market,
        rows=rows,
        stalls_with_qr=sum(1 for row in rows if row.has_qr),
        today_total=sum(row.today_total for row in rows),
        today_count=sum(row.today_count for row in rows),
        weeks=week_list,
    )
