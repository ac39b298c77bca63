"""HTTP edges of the payments app: webhooks, the order status JSON, the QR image,
and the operator's pages (review queue, ledger, reconciliation)."""

import datetime
from functools import wraps

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.templatetags.currency_filters import currency

from payments import selectors, services
from payments.models import BankNotification
from shop.partner.services import SellerActionError, order_cash_received_record
from shop.qrcodes import qr_png
from shop.spreadsheets import SpreadsheetWriter


def staff_required(view):
    """The operator's pages: a visitor is sent to log in, anyone else logged in who
    is not staff (a seller) gets 403."""

    @wraps(view)
    @login_required
    def staff_only(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_only


def _json(answer):
    return JsonResponse(answer.body, status=answer.status)


def _refusal(status: int, error: str) -> JsonResponse:
    return JsonResponse({"success": False, "error": error}, status=status)


# Webhooks run outside the request transaction (ATOMIC_REQUESTS): the services
# commit what they store themselves and answer 2xx only once it is committed (a bank
# notification is then applied by the worker, queued once its row has committed).
@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def bank_notification_webhook(request, provider):
    """One delivery from payOS, Casso or SePay.

    Every provider posts JSON; anything else is 415, and a body over
    BANK_WEBHOOK_MAX_BYTES is 413, both before the signature is checked or
    anything is stored (only the limit plus one byte is ever read).
    """
    if request.content_type.lower() != "application/json":
        return _refusal(415, "Content-Type must be application/json.")
    limit = settings.BANK_WEBHOOK_MAX_BYTES
    too_big = _refusal(413, f"Body larger than {limit} bytes.")
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            return too_big
    except ValueError:
        return _refusal(400, "Unreadable Content-Length.")
    body = request.read(limit + 1)
    if len(body) > limit:
        return too_big
    return _json(
        services.bank_notification_receive(
            provider_code=provider, body=body, headers=request.headers
        )
    )


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def stripe_webhook(request):
    """One signed Stripe event."""
    return _json(
        services.stripe_event_receive(
            body=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    )


@never_cache
def order_status(request, token):
    """{"status": "paid" | "pending" | "cancelled" | "on_delivery"} for the page's
    polling; the token is Oscar's order verification hash, so numbers can't be
    guessed."""
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404
    return JsonResponse({"status": selectors.order_payment_status(order=order)})


def order_qr(request, token):
    """The order's VietQR as a PNG (for saving to the phone's photos)."""
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404
    view = selectors.order_payment_view(order=order)
    if view.start is None or not view.start.qr_payload:
        raise Http404
    return HttpResponse(qr_png(view.start.qr_payload), content_type="image/png")


@staff_required
def review_queue(request):
    """Notifications that need a person: wrong amount, unknown code or account,
    late for a cancelled order, or failing (retried automatically until they
    give up)."""
    if request.method == "POST":
        notification = get_object_or_404(BankNotification, pk=request.POST.get("id"))
        if request.POST.get("action") == "retry":
            services.bank_notification_process(notification_id=notification.pk)
        else:
            services.bank_notification_resolve(
                notification=notification, user=request.user
            )
        messages.success(request, _("Notification updated."))
        return redirect("payments:review-queue")
    return render(
        request,
        "payments/review_queue.html",
        {
            "notifications": selectors.review_queue()[:200],
            "max_attempts": settings.BANK_NOTIFICATION_MAX_ATTEMPTS,
        },
    )


@staff_required
def ledger(request):
    """Every seller's balance and entries, with payouts and CSV export."""
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    if request.method == "POST":
        partner = get_object_or_404(Partner, pk=request.POST.get("partner"))
        try:
            services.ledger_payout_record(
                partner=partner,
                amount=int(request.POST.get("amount", "0")),
                reference=request.POST.get("reference", ""),
                user=request.user,
            )
            messages.success(request, _("Payout recorded."))
        except ValueError:
            messages.error(request, _("A payout must be a positive number of đồng."))
        return redirect("payments:ledger")
    entries = selectors.ledger_entries()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="payout-ledger.csv"'
        # A byte-order mark, so that Excel reads Vietnamese names as UTF-8. Headers
        # in the page's language; amounts stay plain whole đồng for spreadsheets.
        response.write("\ufeff")
        writer = SpreadsheetWriter(response)
        writer.writerow(
            [
                _("Date"),
                _("Seller"),
                _("Kind"),
                _("Order"),
                _("Gross (đồng)"),
                _("Commission (đồng)"),
                _("Amount (đồng)"),
                _("Reference"),
            ]
        )
        for entry in entries:
            writer.writerow(
                [
                    timezone.localtime(entry.created_at).isoformat(),
                    entry.partner.name,
                    entry.get_kind_display(),
                    entry.line.order.number if entry.line else "",
                    entry.gross,
                    entry.commission,
                    entry.amount,
                    entry.reference,
                ]
            )
        return response
    return render(
        request,
        "payments/ledger.html",
        {
            "balances": selectors.ledger_balances(),
            "entries": entries[:200],
            "partners": Partner._default_manager.order_by("name"),
        },
    )


@staff_required
def reconciliation(request):
    """One day's totals for the operator (today by default, ?day=YYYY-MM-DD)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    return render(
        request,
        "payments/reconciliation.html",
        {"report": selectors.daily_reconciliation(day=day)},
    )


@staff_required
@require_POST
def order_refund(request, number):
    """Refund a paid order, whole (``scope=whole``, confirmed) or the quantities
    posted as ``line-<id>``: through Stripe for cards, otherwise recorded as paid
    back by hand with a ``reference``."""
    from oscar.core.loading import get_model

    order = get_object_or_404(get_model("order", "Order"), number=number)
    back = redirect("dashboard:order-detail", number=order.number)
    whole = request.POST.get("scope") == "whole"
    lines = {}
    try:
        expected = int(request.POST.get("expected_refunded", ""))
        for line in order.lines.all():
            quantity = int(request.POST.get(f"line-{line.pk}") or 0)
            if quantity < 0:
                raise ValueError
            if quantity and not whole:
                lines[line] = quantity
    except ValueError:
        messages.error(request, _("Quantities must be whole numbers."))
        return back
    if whole and request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the refund of the order."))
        return back
    if not whole and not lines:
        messages.error(request, _("Choose how many of which products to refund."))
        return back
    refundable = selectors.order_refundable(order=order)
    try:
        if refundable.through == "stripe":
            amount = services.order_refund(
                order=order,
                lines=lines or None,
                user=request.user,
                expected_refunded=expected,
            )
        else:
            amount = services.order_refund_record(
                order=order,
                lines=lines or None,
                reference=request.POST.get("reference", ""),
                user=request.user,
                expected_refunded=expected,
            )
        messages.success(request, _("Refunded %(amount)s đồng.") % {"amount": amount})
    except ValueError as error:
        messages.error(request, str(error))
    except stripe.StripeError as error:
        messages.error(
            request,
            _("Stripe refused the refund, nothing was recorded: %(message)s")
            % {"message": error.user_message or str(error)},
        )
    return back


@login_required
def seller_ledger(request):
    """A seller's own balance and entries (the sellers whose staff the user is)."""
    partners = request.user.partners.all()
    if not partners:
        raise Http404
    return render(
        request,
        "payments/seller_ledger.html",
        {
            "accounts": [
                {
                    "partner": partner,
                    "balance": selectors.partner_balance(partner=partner),
                    "entries": selectors.ledger_entries(partner=partner)[:200],
                }
                for partner in partners
            ]
        },
    )


@login_required
@require_POST
def order_cash_received(request, number):
    """Record cash collected on delivery: staff for the whole order, a seller for
    its own delivered lines. Another seller's order is a 404; an order not paid in
    cash, undelivered lines or cash already recorded a 409 saying why."""
    from oscar.core.loading import get_model

    order = get_object_or_404(get_model("order", "Order"), number=number)
    seller = None
    if not request.user.is_staff:
        seller = (
            get_model("partner", "Partner")
            ._default_manager.filter(users=request.user, order_lines__order=order)
            .order_by("pk")
            .first()
        )
        if seller is None:
            raise Http404
    try:
        amount = order_cash_received_record(
            order=order, user=request.user, seller=seller
        )
    except SellerActionError as error:
        return render(
            request,
            "payments/cash_refused.html",
            {"order": order, "message": str(error)},
            status=409,
        )
    messages.success(
        request,
        _("Cash received recorded: %(amount)s.")
        % {"amount": currency(amount, order.currency)},
    )
    return redirect("dashboard:order-detail", number=order.number)
