"""Shipping methods: each seller in the basket charges its own flat rate."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices

from shop.partner.selectors import basket_lines_by_seller


class PerSellerShipping(Base):
    """The sum of each seller's flat rate, counted once per seller in the basket."""

    code = "per-seller"
    name = _("Delivery by each seller")
    description = _("Each seller packs and sends its own items, at its own rate.")

    def calculate(self, basket):
        total = sum(
            (group.shipping_charge for group in basket_lines_by_seller(basket=basket)),
            Decimal(0),
        )
        return prices.Price(currency=basket.currency, excl_tax=total, incl_tax=total)
