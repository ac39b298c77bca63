"""Pages of Chợ 4.0: the market board, and the vendor's feed, QR and statement.

A vendor's staff see only their own stalls, a market manager only the stalls of the
markets they manage, the operator (staff) everything; anyone else gets 403, and a
visitor who is not logged in the login page.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from payments.markets import selectors, services
from payments.markets.forms import MarketForm, OneOffQRForm, StallForm, VendorForm
from payments.markets.models import Market, Stall
from payments.markets.standee import (
    VietQRError,
    stall_labels,
    stall_payload,
    standee_pdf,
    standee_png,
)
from shop.spreadsheets import SpreadsheetWriter


def _stall(request, stall_id) -> Stall:
    """The stall if ``request.user`` may see it; 404 if there is none, else 403."""
    stall = get_object_or_404(
        Stall.objects.select_related("market", "vendor", "vendor__bank"), pk=stall_id
    )
    if not selectors.stalls_for_user(user=request.user).filter(pk=stall.pk).exists():
        raise PermissionDenied
    return stall


def _market(request, market_id) -> Market:
    market = get_object_or_404(Market, pk=market_id)
    if not selectors.market_can_manage(user=request.user, market=market):
        raise PermissionDenied
    return market


# --- The vendor's pages ------------------------------------------------------------


@login_required
def stall_list(request):
    """The stalls the user may open; straight to the feed when there is just one."""
    stalls = list(selectors.stalls_for_user(user=request.user))
    markets = selectors.markets_for_user(user=request.user)
    if len(stalls) == 1 and not markets.exists():
        return redirect(stalls[0].get_absolute_url())
    if not stalls and not markets.exists():
        raise PermissionDenied
    return render(
        request, "markets/stall_list.html", {"stalls": stalls, "markets": markets}
    )


@never_cache
@login_required
def feed(request, stall_id):
    """The vendor's phone page: transfers appear as they arrive (polling JSON)."""
    stall = _stall(request, stall_id)
    today = timezone.localdate()
    payments = list(selectors.stall_day_payments(stall=stall, day=today))
    return render(
        request,
        "markets/feed.html",
        {
            "stall": stall,
            "today": today,
            "payments": payments[::-1],
            "today_total": sum(payment.amount for payment in payments),
            "cursor": max((payment.pk for payment in payments), default=0),
            "poll_seconds": settings.MARKET_FEED_POLL_SECONDS,
            "max_backoff_seconds": settings.MARKET_FEED_MAX_BACKOFF_SECONDS,
            "has_qr": selectors.stall_has_working_qr(stall),
        },
    )


@never_cache
def feed_json(request, stall_id):
    """Today's transfers after ``?since=<id>``, today's date and total (see
    ``selectors.stall_feed``). Answers JSON errors, never a login page."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required"}, status=401)
    try:
        stall = _stall(request, stall_id)
    except PermissionDenied:
        return JsonResponse({"error": "forbidden"}, status=403)
    try:
        since = max(int(request.GET.get("since", "0")), 0)
    except ValueError:
        return JsonResponse({"error": "since must be a whole number"}, status=400)
    return JsonResponse(selectors.stall_feed(stall=stall, since=since))


def _standee_name(stall: Stall, extension: str) -> str:
    store, terminal = stall_labels(stall)
    name = f"{store}-{terminal}".replace(" ", "-").lower()
    return f"standee-{name}.{extension}"


@login_required
def standee(request, stall_id, extension):
    """The printable QR standee, as a PNG or an A6 PDF."""
    if extension not in ("png", "pdf"):
        raise Http404
    stall = _stall(request, stall_id)
    try:
        if extension == "pdf":
            content, content_type = standee_pdf(stall), "application/pdf"
        else:
            content, content_type = standee_png(stall), "image/png"
    except VietQRError:
        messages.error(
            request, _("This stall has no vendor with a bank account yet: no QR.")
        )
        return redirect(stall.get_absolute_url())
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{_standee_name(stall, extension)}"'
    )
    return response


@login_required
def one_off_qr(request, stall_id):
    """A dynamic QR for an amount the vendor types, for a buyer whose banking app
    cannot type one."""
    stall = _stall(request, stall_id)
    form = OneOffQRForm(request.GET or None)
    payload = ""
    if form.is_valid():
        try:
            payload = stall_payload(stall, amount=form.cleaned_data["amount"])
        except VietQRError:
            form.add_error(
                None, _("This stall has no vendor with a bank account yet: no QR.")
            )
    return render(
        request,
        "markets/one_off_qr.html",
        {"stall": stall, "form": form, "payload": payload},
    )


@login_required
def statement(request, stall_id):
    """One day's transfers and total (``?day=YYYY-MM-DD``, today by default), as a
    page or ``?format=csv``, and the last 30 days' totals."""
    stall = _stall(request, stall_id)
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    payments = list(selectors.stall_day_payments(stall=stall, day=day))
    total = sum(payment.amount for payment in payments)
    if request.GET.get("format") == "csv":
        return _statement_csv(stall=stall, day=day, payments=payments, total=total)
    return render(
        request,
        "markets/statement.html",
        {
            "stall": stall,
            "day": day,
            "today": today,
            "payments": payments,
            "total": total,
            "recent_days": selectors.stall_recent_days(stall=stall, today=today),
        },
    )


def _statement_csv(*, stall, day, payments, total) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    store, terminal = stall_labels(stall)
    response["Content-Disposition"] = (
        f'attachment; filename="sao-ke-{terminal.replace(" ", "-").lower()}-'
        f'{day.isoformat()}.csv"'
    )
    # A byte-order mark, so that Excel reads the Vietnamese memos as UTF-8.
    response.write("\ufeff")
    writer = SpreadsheetWriter(response)
    writer.writerow(
        [
            _("Time"),
            _("Amount (đồng)"),
            _("Transfer memo"),
            _("Provider"),
            _("Transaction ID"),
        ]
    )
    for payment in payments:
        writer.writerow(
            [
                timezone.localtime(payment.received_at).isoformat(),
                payment.amount,
                payment.memo,
                payment.notification.provider,
                payment.notification.provider_transaction_id,
            ]
        )
    writer.writerow([_("Total"), total, "", "", ""])
    return response


# --- The market board ----------------------------------------------------------------


@login_required
def market_list(request):
    """The markets the user runs; the operator also creates markets here."""
    markets = selectors.markets_for_user(user=request.user)
    if not request.user.is_staff and not markets.exists():
        raise PermissionDenied
    form = None
    if request.user.is_staff:
        form = MarketForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            market = services.market_create(
                name=form.cleaned_data["name"],
                commune=form.cleaned_data["commune"],
                province=form.cleaned_data["province"],
                managers=form.cleaned_data["manager_emails"],
            )
            messages.success(request, _("Market created."))
            return redirect(market.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    if len(markets) == 1 and not request.user.is_staff:
        return redirect(markets[0].get_absolute_url())
    return render(
        request, "markets/market_list.html", {"markets": markets, "form": form}
    )


@login_required
def board(request, market_id):
    """A market's overview (QR, today's takings, adoption) and a form for a stall."""
    market = _market(request, market_id)
    form = StallForm(request.POST or None, market=market)
    if request.method == "POST" and form.is_valid():
        stall = services.stall_create(market=market, **form.cleaned_data)
        messages.success(
            request,
            _("Stall %(number)s added: now give it a vendor.")
            % {"number": stall.number},
        )
        return redirect("markets:stall-vendor", market_id=market.pk, stall_id=stall.pk)
    overview = selectors.market_overview(market=market, today=timezone.localdate())
    return render(
        request,
        "markets/board.html",
        {"market": market, "overview": overview, "form": form},
    )


@login_required
def stall_vendor(request, market_id, stall_id):
    """Give a stall its vendor and the vendor's bank account."""
    market = _market(request, market_id)
    stall = get_object_or_404(market.stalls.select_related("vendor"), pk=stall_id)
    form = VendorForm(request.POST or None, stall=stall)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.stall_vendor_assign(stall=stall, **form.cleaned_data)
        messages.success(
            request,
            _("Stall %(number)s now pays %(name)s.")
            % {"number": stall.number, "name": form.cleaned_data["name"]},
        )
        return redirect(reverse("markets:board", kwargs={"market_id": market.pk}))
    return render(
        request,
        "markets/stall_vendor.html",
        {"market": market, "stall": stall, "form": form},
    )
