"""Shipping methods: each seller in the basket charges its own flat rate."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices

from shop.partner.selectors import basket_lines_by_seller


class PerSellerShipping(Base):
    """The sum of each seller's rate to the buyer's province, counted once per seller.

    ``destination`` is the province name of the delivery address (Oscar's ``state``),
    or None while there is no address yet.
    """

    code = "per-seller"
    name = _("Delivery by each seller")
    description = _("Each seller packs and sends its own items, at its own rate.")

    def __init__(self, destination: str | None = None):
        self.destination = destination

    def calculate(self, basket):
        parts = basket_lines_by_seller(basket=basket, destination=self.destination)
        total = sum((part.shipping_charge for part in parts), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=total, incl_tax=total)
