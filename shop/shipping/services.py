"""Writes of per-seller delivery charges."""

from oscar.core.loading import get_model

from shop.partner.selectors import seller_shipping_charge

SellerShippingCharge = get_model("shipping", "SellerShippingCharge")


def order_shipping_charges_record(*, order) -> list:
    """Fix each seller's delivery charge on a just-placed order.

    Uses the same rates the checkout showed moments before (each seller's current
    rate to the delivery address's province); idempotent, so a retried signal adds
    nothing.
    """
    sellers = {line.partner for line in order.lines.select_related("partner")}
    address = order.shipping_address
    destination = address.state if address is not None else None
    return [
        SellerShippingCharge._default_manager.get_or_create(
            order=order,
            partner=seller,
            defaults={
                "charge": seller_shipping_charge(seller=seller, destination=destination)
            },
        )[0]
        for seller in sorted(sellers, key=lambda s: s.pk)
        if seller is not None
    ]
