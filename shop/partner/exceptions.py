"""What can go wrong with a seller's stock while an order is placed."""

from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder


class SoldOut(UnableToPlaceOrder):
    """Fewer units are free than the order asks for; nothing was allocated.

    A kind of Oscar's ``UnableToPlaceOrder``, so the checkout rolls the order back,
    keeps the buyer's basket and shows this message on the checkout page.
    """

    def __init__(self, *, stockrecord, quantity: int):
        self.stockrecord = stockrecord
        self.quantity = quantity
        available = max(
            (stockrecord.num_in_stock or 0) - (stockrecord.num_allocated or 0), 0
        )
        super().__init__(
            _(
                "Sorry, “%(title)s” has just sold out: %(available)d left. Your "
                "basket is kept; change the quantity to continue."
            )
            % {"title": stockrecord.product.get_title(), "available": available}
        )
