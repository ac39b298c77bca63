"""What each seller charged for delivering its part of an order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SellerShippingCharge(models.Model):
    """One seller's delivery charge on one order, fixed when the order is placed.

    The order keeps only the total; this keeps the breakdown, so later changes to a
    seller's rate never change what a past order shows.
    """

    order = models.ForeignKey(
        "order.Order",
        on_delete=models.CASCADE,
        related_name="seller_shipping_charges",
        verbose_name=_("order"),
    )
    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="shipping_charges",
        verbose_name=_("seller"),
    )
    charge = models.DecimalField(_("shipping charge"), max_digits=12, decimal_places=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "partner"], name="one_shipping_charge_per_seller"
            )
        ]
        verbose_name = _("seller shipping charge")
        verbose_name_plural = _("seller shipping charges")

    def __str__(self):
        return f"{self.order_id} / {self.partner_id}: {self.charge}"


from oscar.apps.shipping.models import *  # noqa: E402, F403
