"""What can go wrong with a basket's discounts while an order is placed."""

from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder


class DiscountUsedUp(UnableToPlaceOrder):
    """A voucher or offer in the basket reached its usage limit; no order was placed.

    A kind of Oscar's ``UnableToPlaceOrder``, like ``SoldOut``: the checkout rolls the
    order back, keeps the buyer's basket (voucher included) and shows this message on
    the checkout page.
    """

    def __init__(self, *, offer, voucher=None):
        self.offer = offer
        self.voucher = voucher
        if voucher is not None:
            message = _(
                "Sorry, the voucher “%(code)s” has just been used up. Your basket is "
                "kept; remove the voucher to order without the discount."
            ) % {"code": voucher.code}
        else:
            message = _(
                "Sorry, the offer “%(name)s” has just run out. Your basket is kept; "
                "reload it to see the prices without the offer."
            ) % {"name": offer.name}
        super().__init__(message)
