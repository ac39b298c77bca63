import logging

from django.conf import settings
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.checkout import views
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.apps.payment.models import Source, SourceType
from oscar.core.loading import get_model

from payments import registry
from payments.methods import source_type_code
from shop.checkout.selectors import order_totals
from shop.checkout.services import basket_discounts_claim
from shop.checkout.tasks import order_placed_mail_send

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)

# Kept for code written against the first release.
CASH_ON_DELIVERY = "cash-on-delivery"
PAYMENT_METHOD_FIELD = "payment_method"


class PaymentDetailsView(views.PaymentDetailsView):
    """Oscar's order placement, paid by the chosen method of ``payments.registry``.

    The one-page checkout (``shop.checkout.one_page``) builds on it: the method
    chosen is kept in the checkout session; the method starts the payment and the
    status the order is placed in follows from it.
    """

    def _chosen_method(self):
        enabled = registry.enabled_methods()
        code = self.checkout_session._get("payment", "method")
        return next((m for m in enabled if m.code == code), enabled[0])

    def get_initial_order_status(self, basket):
        return self._chosen_method().initial_status

    def place_order(self, order_number, user, basket, *args, **kwargs):
        """Oscar's order placement, with the basket's discounts claimed first.

        Both happen in one transaction: when a voucher or offer is used up, the
        ``DiscountUsedUp`` raised rolls everything back and the checkout page shows
        its message with the basket kept.
        """
        with transaction.atomic():
            basket_discounts_claim(basket=basket, user=user)
            return super().place_order(order_number, user, basket, *args, **kwargs)

    def send_order_placed_email(self, order):
        """Oscar's order e-mail, with how to pay and, for VietQR, the QR inside,
        rendered and sent by the worker once the order has committed
        (``shop.checkout.emails.order_placed_mail_send``)."""
        order_placed_mail_send.delay_on_commit(order_id=order.pk)

    def handle_payment(self, order_number, total, **kwargs):
        method = self._chosen_method()
        try:
            started = method.start(
                order_number=order_number, amount=int(total.incl_tax)
            )
        except Exception as error:
            # The buyer sees the checkout page again with this message.
            raise UnableToTakePayment(
                _("%(method)s is not available right now; please choose another.")
                % {"method": method.name}
            ) from error
        source_type, _created = SourceType.objects.get_or_create(
            code=source_type_code(method), defaults={"name": str(method.name)}
        )
        self.add_payment_source(
            Source(
                source_type=source_type,
                currency=total.currency,
                amount_allocated=total.incl_tax,
                reference=started.reference,
            )
        )


class ThankYouView(views.ThankYouView):
    """Adds what the buyer must do to pay (QR, card form) and the payment status."""

    def get_object(self, queryset=None):
        """Oscar's order, with what the page and its payment part show read at once
        (lines with their products and pictures, surcharges, payment sources) rather
        than line by line."""
        order_id = self.request.session.get("checkout_order_id")
        if self.request.user.is_superuser or order_id is None:
            order = super().get_object(queryset)
        else:
            order = (
                Order._default_manager.select_related("shipping_address__country")
                .filter(pk=order_id)
                .first()
            )
        if order is not None:
            prefetch_related_objects(
                [order],
                "lines__product__images",
                "lines__attributes",
                "surcharges",
                "sources__source_type",
            )
        return order

    def get_context_data(self, *args, **kwargs):
        from payments.selectors import order_payment_view

        ctx = super().get_context_data(*args, **kwargs)
        ctx["payment"] = order_payment_view(order=ctx["order"])
        ctx["payment_expiry_hours"] = settings.PAYMENT_EXPIRY_HOURS
        ctx["order_totals"] = order_totals(order=ctx["order"])
        return ctx


class OrderPaymentView(generic.TemplateView):
    """How to pay an order and whether it is paid, reached from the order e-mail.

    Keyed by the order's verification hash, like the status JSON and QR picture; it
    shows the amount, the QR and the bank details, never the address or the lines.
    """

    template_name = "oscar/checkout/order_payment.html"

    def get_context_data(self, **kwargs):
        from payments.selectors import order_by_token, order_payment_view

        order = order_by_token(token=self.kwargs["token"])
        if order is None:
            raise Http404
        ctx = super().get_context_data(**kwargs)
        ctx["order"] = order
        ctx["payment"] = order_payment_view(order=order)
        ctx["payment_expiry_hours"] = settings.PAYMENT_EXPIRY_HOURS
        return ctx
