"""What the checkout remembers about an order beyond Oscar's order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderLanguage(models.Model):
    """The language the buyer ordered in, so that mail sent later (payment,
    expiry, delivery) speaks it too. Oscar's order has no place for it."""

    order = models.OneToOneField(
        "order.Order",
        on_delete=models.CASCADE,
        related_name="buyer_language",
        verbose_name=_("order"),
    )
    code = models.CharField(_("language"), max_length=10)

    class Meta:
        verbose_name = _("order language")
        verbose_name_plural = _("order languages")

    def __str__(self):
        return f"{self.order_id}: {self.code}"
