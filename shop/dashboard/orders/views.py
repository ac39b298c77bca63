from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views
from oscar.apps.dashboard.orders.views import *  # noqa: F403
from oscar.core.loading import get_model

from shop.money import dong
from shop.partner.fulfilment import (
    CANCELLED,
    line_next_step,
    seller_cash_recordable,
    seller_line_step,
)
from shop.partner.selectors import order_lines_by_seller, seller_for_user
from shop.partner.services import SellerActionError, order_cash_received_record
from shop.spreadsheets import spreadsheet_cell

Line = get_model("order", "Line")


def _seller(request):
    """The seller of a non-staff dashboard user; staff get None (they see all)."""
    if request.user.is_staff:
        return None
    seller = seller_for_user(user=request.user)
    if seller is None:
        raise Http404
    return seller


class OrderListView(views.OrderListView):
    """Orders holding the seller's lines, with the seller's own count and total."""

    def dispatch(self, request, *args, **kwargs):
        self.seller = _seller(request) if request.user.is_authenticated else None
        return super().dispatch(request, *args, **kwargs)

    def get_actions(self):
        # Order-wide status changes and the CSV (whole-order totals, customer
        # emails) are the operator's; a seller works line by line.
        return super().get_actions() if self.seller is None else {}

    def is_csv_download(self):
        return self.seller is None and super().is_csv_download()

    def get_row_values(self, order):
        # Names and e-mails in the CSV are typed by buyers: no formulas.
        return {
            key: spreadsheet_cell(value)
            for key, value in super().get_row_values(order).items()
        }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.seller is None:
            return queryset
        own = Q(lines__partner=self.seller)
        return queryset.annotate(
            seller_num_lines=Count("lines", filter=own, distinct=True),
            seller_subtotal=Sum("lines__line_price_incl_tax", filter=own),
        )

    def get_template_names(self):
        if self.seller is None:
            return super().get_template_names()
        return ["oscar/dashboard/orders/seller_order_list.html"]


class OrderDetailView(views.OrderDetailView):
    """One order; a seller sees and acts on its own lines only.

    A seller moves each line one valid step at a time (packed, shipped with a
    carrier and tracking number, delivered; cancelled with a reason, after a
    confirmation) and records the cash its courier collected; every other action is
    the operator's.
    """

    seller_order_actions = ("record_cash_received",)
    seller_line_actions = ("advance_line",)

    def dispatch(self, request, *args, **kwargs):
        self.seller = _seller(request) if request.user.is_authenticated else None
        return super().dispatch(request, *args, **kwargs)

    @property
    def order_actions(self):
        if self.seller is None:
            return (*views.OrderDetailView.order_actions, "record_cash_received")
        return self.seller_order_actions

    @property
    def line_actions(self):
        if self.seller is None:
            return views.OrderDetailView.line_actions
        return self.seller_line_actions

    def get_order_lines(self):
        lines = super().get_order_lines()
        return lines if self.seller is None else lines.filter(partner=self.seller)

    def handle_line_action(self, request, order, action):
        # Naming another seller's line is refused outright, not just ignored.
        if self.seller is not None:
            own = set(self.get_order_lines().values_list("pk", flat=True))
            asked = request.POST.getlist("selected_line")
            if not all(pk.isdigit() and int(pk) in own for pk in asked):
                raise Http404
        return super().handle_line_action(request, order, action)

    def get_template_names(self):
        if self.seller is None:
            return super().get_template_names()
        return ["oscar/dashboard/orders/seller_order_detail.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.seller is not None:
            parts = order_lines_by_seller(order=self.object, seller=self.seller)
            ctx["seller_part"] = parts[0] if parts else None
            ctx["line_steps"] = [line_next_step(line=line) for line in ctx["lines"]]
            cancel = self.request.GET.get("cancel", "")
            ctx["cancel_line"] = int(cancel) if cancel.isdigit() else None
            ctx["cash_recordable"] = seller_cash_recordable(
                order=self.object, lines=list(ctx["lines"])
            )
        else:
            ctx["seller_parts"] = order_lines_by_seller(order=self.object)
        return ctx

    def record_cash_received(self, request, order):
        seller = self.seller
        if seller is None:
            seller = order.lines.filter(partner_id=request.POST.get("partner")).first()
            seller = seller.partner if seller else None
            if seller is None:
                return self.reload_page(error=_("Choose a seller."))
        try:
            amount = order_cash_received_record(
                order=order, seller=seller, user=request.user
            )
        except SellerActionError as error:
            return self.reload_page(error=str(error))
        messages.success(
            request,
            _("Cash received recorded: %(amount)s.") % {"amount": dong(amount)},
        )
        return self.reload_page()

    def advance_line(self, request, order, lines, quantities):
        """One line, one step: the step is checked again on the locked line."""
        if len(lines) != 1:
            return self.reload_page(error=_("Choose one item."))
        line = lines[0]
        status = request.POST.get("new_status", "")
        if status == CANCELLED and request.POST.get("confirm") != "yes":
            url = f"{request.path}?cancel={line.pk}#cancel-{line.pk}"
            return redirect(url)
        try:
            seller_line_step(
                line=line,
                seller=self.seller,
                status=status,
                user=request.user,
                carrier=request.POST.get("carrier", ""),
                tracking_number=request.POST.get("tracking_number", ""),
                reason=request.POST.get("reason", ""),
            )
        except SellerActionError as error:
            if status == CANCELLED:
                messages.error(request, str(error))
                return redirect(f"{request.path}?cancel={line.pk}#cancel-{line.pk}")
            return self.reload_page(fragment=f"line-{line.pk}", error=str(error))
        messages.success(
            request,
            _("“%(title)s”: %(status)s.") % {"title": line.title, "status": _(status)},
        )
        return self.reload_page(fragment=f"line-{line.pk}")


class LineDetailView(views.LineDetailView):
    """One order line; a seller can open only its own."""

    def get_object(self, queryset=None):
        line = super().get_object(queryset)
        seller = _seller(self.request)
        if seller is not None and line.partner_id != seller.pk:
            raise Http404
        return line
