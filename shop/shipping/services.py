"""Writes of per-seller delivery charges."""

from oscar.core.loading import get_model

SellerShippingCharge = get_model("shipping", "SellerShippingCharge")


def order_shipping_charges_record(*, order) -> list:
    """Fix each seller's delivery charge on a just-placed order.

    Uses the same rates the basket and checkout showed moments before (the sellers'
    current ``shipping_charge``); idempotent, so a retried signal adds nothing.
    """
    sellers = {line.partner for line in order.lines.select_related("partner")}
    return [
        SellerShippingCharge._default_manager.get_or_create(
            order=order, partner=seller, defaults={"charge": seller.shipping_charge}
        )[0]
        for seller in sorted(sellers, key=lambda s: s.pk)
        if seller is not None
    ]
