from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import views
from oscar.apps.payment.models import Source, SourceType

CASH_ON_DELIVERY = "cash-on-delivery"


class PaymentDetailsView(views.PaymentDetailsView):
    """Places the order with cash on delivery, the only method until online payments.

    The whole total is allocated to a cash-on-delivery source; it is debited when the
    seller records the cash received, not at checkout.
    """

    def handle_payment(self, order_number, total, **kwargs):
        source_type, _created = SourceType.objects.get_or_create(
            code=CASH_ON_DELIVERY, defaults={"name": _("Cash on delivery")}
        )
        self.add_payment_source(
            Source(
                source_type=source_type,
                currency=total.currency,
                amount_allocated=total.incl_tax,
                reference=order_number,
            )
        )
